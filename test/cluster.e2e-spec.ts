import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { NotificationsService } from '#notifications';
import { closeAllSockets, collectNotify, connectAwaiting, connectSocket, recordNotifications, waitForEvent, waitForNotify } from './helpers/socket.js';
import { postgresInbox } from './helpers/postgres.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

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

describe.each(['sharded', 'streams'])('two gateway instances sharing rooms through Redis (%s adapter)', (adapter) => {
  const name = `test.notifications.${randomBytes(4).toString('hex')}`;
  const redisEnv = { REDIS_URL, REDIS_ADAPTER: adapter, REDIS_STREAM: name, REDIS_CHANNEL_PREFIX: name };
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // One PostgreSQL inbox for both: a cursor from one instance resumes on the other.
    a = await startTestApp({ ...redisEnv, ...postgresInbox('cluster') }, 'cluster');
    // Same secret, queue and store: the two instances are competing consumers.
    b = await startTestApp({
      ...redisEnv,
      DATABASE_URL: a.config.inbox.databaseUrl!,
      DATABASE_SCHEMA: a.config.inbox.schema,
      JWT_SECRET: a.config.jwtSecret,
      NOTIFICATIONS_QUEUE: a.queue,
    });
    await Promise.all([a.consumer.ready(), b.consumer.ready()]);
    await linked(a, b);
    await linked(b, a);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await b?.stopApp(); // a drops the shared schema and queue
    await b?.amqp.close();
    await a?.close();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    await redis.del(name);
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

  it('a push sent the moment a socket is accepted reaches it (the instance is subscribed before it accepts)', async () => {
    for (let i = 0; i < 20; i++) {
      const user = `just-joined-${i}`;
      const socket = await connectSocket(b.url, b.tokens.user(user));
      const arrival = waitForNotify(socket, 'instant', 3000);
      await a.app.get(NotificationsService).toUser(user, 'instant', { i });
      expect((await arrival).data).toEqual({ i });
      socket.disconnect();
    }
  });

  it('a cursor from one instance resumes on the other, with pushes from both meanwhile, none twice', async () => {
    const first = await a.app.get(NotificationsService).toUser('mover', 'seq', { i: 0 });
    for (let i = 1; i <= 30; i++) await (i % 2 ? a : b).app.get(NotificationsService).toUser('mover', 'seq', { i });
    const seen: { data: { i: number } }[] = [];
    await connectSocket(b.url, b.tokens.user('mover'), { cursor: first.cursor }, 5000, (s) => s.on('notify', (e) => seen.push(e as never)));
    for (let i = 31; i <= 40; i++) await (i % 2 ? a : b).app.get(NotificationsService).toUser('mover', 'seq', { i });
    await waitUntil(() => seen.length >= 40, 'replay and live pushes arrived');
    expect(seen.map((e) => e.data.i)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('a read on one instance updates the unread count of the same user on the other instance', async () => {
    const sent = await a.app.get(NotificationsService).toUser('two-tabs', 'to-read');
    const onA = await connectSocket(a.url, a.tokens.user('two-tabs'));
    // Listening from before the handshake: the count is sent right after the socket is accepted.
    const { socket: onB, first } = await connectAwaiting(b.url, b.tokens.user('two-tabs'), {}, ['inbox:unread']);
    expect(await first['inbox:unread']).toMatchObject({ count: 1 });
    const changed = waitForEvent(onB, 'inbox:unread', 5000);
    expect(await onA.timeout(5000).emitWithAck('inbox:read', { ids: [sent.id] })).toEqual({ ok: true, unread: 0 });
    expect(await changed).toMatchObject({ count: 0 });
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
