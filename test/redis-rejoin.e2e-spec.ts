import { randomBytes } from 'node:crypto';
import { NotificationsService } from '#notifications';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

const REDIS = { host: '127.0.0.1', port: 6379 };

/**
 * A user's last socket on instance B leaves and a new one joins before Redis has
 * answered B's SUNSUBSCRIBE of the user's room (a reload or a reconnect while B is
 * busy). B must still be subscribed afterwards: pushes from A reach the new socket.
 * B's Redis answers are held while it happens, so the order is certain.
 */
describe('a user rejoining an instance before Redis answered the leave (two instances, sharded Redis)', () => {
  const prefix = `test.notifications.${randomBytes(4).toString('hex')}`;
  let redisOfB: TcpProxy;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redisOfB = new TcpProxy(await TcpProxy.freePort(), REDIS);
    await redisOfB.start();
    const shared = { REDIS_ADAPTER: 'sharded', REDIS_CHANNEL_PREFIX: prefix };
    a = await startTestApp({ ...shared, REDIS_URL: `redis://${REDIS.host}:${REDIS.port}` }, 'rejoin');
    b = await startTestApp({
      ...shared,
      REDIS_URL: `redis://127.0.0.1:${redisOfB.port}`,
      JWT_SECRET: a.config.jwtSecret,
      NOTIFICATIONS_QUEUE: a.queue,
    });
  });
  afterEach(() => {
    closeAllSockets();
    redisOfB.releaseAnswers();
  });
  afterAll(async () => {
    await b?.stopApp();
    await b?.amqp.close();
    await a?.close();
    await redisOfB?.stop();
  });

  it('keeps B subscribed to the room: the next push from A reaches the new socket', async () => {
    const fromA = a.app.get(NotificationsService);
    const socketsOnB = () => b.app.get(NotificationsService).stats().sockets;
    const first = await connectSocket(b.url, b.tokens.user('rejoiner'));
    const probe = await fromA.toUser('rejoiner', 'before');
    expect((await waitForNotify(first, 'before')).id).toBe(probe.id); // B is subscribed to the room

    redisOfB.holdAnswers();
    first.disconnect();
    await waitUntil(() => socketsOnB() === 0, 'B saw the socket leave'); // its SUNSUBSCRIBE went out
    // The handshake waits a bounded time for Redis to confirm the room, then accepts.
    const second = await connectSocket(b.url, b.tokens.user('rejoiner'));
    redisOfB.releaseAnswers();

    const arrival = waitForNotify(second, 'after', 3000);
    const sent = await fromA.toUser('rejoiner', 'after');
    expect((await arrival).id).toBe(sent.id);
  }, 30_000);
});
