import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { NotificationsService } from '#notifications';
import { closeAllSockets, collectNotify, connectSocket, recordNotifications, waitForNotify } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * An instance reads the shared stream from the moment its reader starts; wait until
 * a push from one instance reaches a socket on the other (the cluster has formed).
 */
async function linked(from: TestApp, to: TestApp): Promise<void> {
  const probe = await connectSocket(to.url, to.tokens.user('probe'));
  for (let attempt = 0; attempt < 50; attempt++) {
    await from.app.get(NotificationsService).toUser('probe', 'probe');
    const arrived = await waitForNotify(probe, 'probe', 100).then(() => true, () => false);
    if (arrived) return void probe.disconnect();
  }
  throw new Error('the two instances never linked through Redis');
}

describe('two gateway instances sharing rooms through Redis', () => {
  const stream = `test.notifications.${randomBytes(4).toString('hex')}`;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL, REDIS_STREAM: stream }, 'cluster');
    // Same secret and the same queue: the two instances are competing consumers.
    b = await startTestApp({ REDIS_URL, REDIS_STREAM: stream, JWT_SECRET: a.config.jwtSecret, NOTIFICATIONS_QUEUE: a.queue });
    await Promise.all([a.consumer.ready(), b.consumer.ready()]);
    await linked(a, b);
    await linked(b, a);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await b.close();
    await a.close();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    await redis.del(stream);
    await redis.quit();
  });

  it('a push from code on instance A reaches a socket connected to instance B', async () => {
    const onB = await connectSocket(b.url, b.tokens.user('far-away'));
    const arrival = waitForNotify(onB, 'cross-instance');
    const sent = await a.app.get(NotificationsService).toUser('far-away', 'cross-instance', { from: 'A' });
    expect(await arrival).toEqual(sent);
  });

  it('RabbitMQ events consumed by either instance reach admins on both, each exactly once', async () => {
    const adminA = await connectSocket(a.url, a.tokens.admin('ops-a'));
    const adminB = await connectSocket(b.url, b.tokens.admin('ops-b'));
    const seen = [adminA, adminB].map(recordNotifications);
    // Across instances there is no ordering, so no sentinel: wait for all 20 on each side.
    const arrivals = [adminA, adminB].map((s) => collectNotify(s, 'order.created', 20, 10_000));
    for (let i = 0; i < 20; i++) a.amqp.publish(a.queue, 'order.created', { orderId: `o-${i}`, total: i });
    await Promise.all(arrivals);
    await b.app.get(NotificationsService).toRole('admin', 'sentinel');
    await Promise.all([waitForNotify(adminA, 'sentinel'), waitForNotify(adminB, 'sentinel')]);
    for (const received of seen) {
      const orders = received.filter((e) => e.type === 'order.created').map((e) => e.data.orderId);
      expect(orders.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `o-${i}`).sort());
    }
    expect(await a.amqp.messageCount(a.queue)).toBe(0);
  });

  it('a client cannot reach rooms on the other instance by itself either', async () => {
    const userOnA = await connectSocket(a.url, a.tokens.user('plain'));
    const seen = recordNotifications(userOnA);
    await b.app.get(NotificationsService).toRole('admin', 'admins-only', {});
    await b.app.get(NotificationsService).toUser('plain', 'sentinel', {});
    await waitForNotify(userOnA, 'sentinel');
    expect(seen.map((e) => e.type)).toEqual(['sentinel']);
  });
});
