import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { NotificationsService } from '#notifications';
import { getJson } from './helpers/http.js';
import { exitWithin, listeningUrl, runMain, waitForOutput, type MainRun } from './helpers/main-process.js';
import { closeAllSockets, connectSocket, waitForNotify, type ClientSocket } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

const REDIS = { host: '127.0.0.1', port: 6379 };

/**
 * Instance B (the built demo, a process of its own) must stay subscribed to exactly the
 * rooms its sockets are in while its room subscriptions race with Redis: a room left and
 * joined again before Redis answered, and a change unanswered when B's Redis connection
 * drops. B's Redis answers are held by a proxy, so the order is certain; pushes come from
 * instance A.
 */
describe('room subscriptions racing with Redis (two instances, sharded Redis, B a built process)', () => {
  const prefix = `test.notifications.${randomBytes(4).toString('hex')}`;
  let redisOfB: TcpProxy;
  let redis: ReturnType<typeof createClient>;
  let a: TestApp;
  let b: MainRun;
  let bUrl: string;
  let tokens: TestTokens;

  const socketsOnB = async () => (await getJson(`${bUrl}/health`)).body.sockets as number;
  /** Pushes from A until one reaches `socket` (B is subscribed to the user's room again). */
  async function reaches(user: string, socket: ClientSocket): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      await a.app.get(NotificationsService).toUser(user, 'probe');
      if (await waitForNotify(socket, 'probe', 100).then(() => true, () => false)) return;
    }
    throw new Error(`no push from A reached ${user} on B`);
  }
  /** How many connections Redis has subscribed to the user's room channel. */
  const subscribersOf = async (user: string) =>
    ((await redis.pubSubShardNumSub([`${prefix}#/notifications#user:${user}#`])) as Record<string, number>)[`${prefix}#/notifications#user:${user}#`];

  beforeAll(async () => {
    redisOfB = new TcpProxy(await TcpProxy.freePort(), REDIS);
    await redisOfB.start();
    redis = createClient({ url: `redis://${REDIS.host}:${REDIS.port}` });
    await redis.connect();
    const shared = { REDIS_ADAPTER: 'sharded', REDIS_CHANNEL_PREFIX: prefix };
    a = await startTestApp({ ...shared, REDIS_URL: `redis://${REDIS.host}:${REDIS.port}` }, 'rejoin');
    tokens = new TestTokens(a.config.jwtSecret);
    b = runMain({ ...shared, REDIS_URL: `redis://127.0.0.1:${redisOfB.port}`, JWT_SECRET: a.config.jwtSecret, NOTIFICATIONS_QUEUE: a.queue });
    bUrl = await listeningUrl(b);
  });
  afterEach(() => {
    closeAllSockets();
    redisOfB.releaseAnswers();
  });
  afterAll(async () => {
    if (b && b.child.exitCode === null) {
      b.child.kill('SIGTERM');
      await exitWithin(b, 10_000);
    }
    await a?.close();
    await redis?.quit();
    await redisOfB?.stop();
  });

  it('a room left and joined again before Redis answered the leave: B stays subscribed to it', async () => {
    const first = await connectSocket(bUrl, tokens.user('rejoiner'));
    await reaches('rejoiner', first);

    redisOfB.holdAnswers();
    first.disconnect();
    await waitUntil(async () => (await socketsOnB()) === 0, 'B saw the socket leave'); // its SUNSUBSCRIBE went out
    // The handshake waits a bounded time for Redis to confirm the room, then accepts.
    const second = await connectSocket(bUrl, tokens.user('rejoiner'));
    redisOfB.releaseAnswers();

    const arrival = waitForNotify(second, 'after', 3000);
    const sent = await a.app.get(NotificationsService).toUser('rejoiner', 'after');
    expect((await arrival).id).toBe(sent.id);
  }, 30_000);

  it("a join unanswered when B's Redis connection drops: B lives on and subscribes again once back", async () => {
    redisOfB.holdAnswers();
    const joiner = await connectSocket(bUrl, tokens.user('joiner')); // its SSUBSCRIBE is unanswered
    redisOfB.dropConnections();
    redisOfB.releaseAnswers();

    await reaches('joiner', joiner);
    await waitForOutput(b, /Redis room subscription change failed \(.+\); asked again once Redis is back/);
    expect(b.child.exitCode).toBeNull();
    expect(b.output()).not.toMatch(/Unhandled|unhandled/);
  }, 30_000);

  it("a leave unanswered when B's Redis connection drops: once back, B is not subscribed to the room it left", async () => {
    const anchor = await connectSocket(bUrl, tokens.user('anchor'));
    const leaver = await connectSocket(bUrl, tokens.user('leaver'));
    expect(await subscribersOf('leaver')).toBe(1);

    redisOfB.holdAnswers();
    leaver.disconnect();
    await waitUntil(async () => (await socketsOnB()) === 1, 'B saw the socket leave');
    redisOfB.dropConnections();
    redisOfB.releaseAnswers();

    await reaches('anchor', anchor); // B is back and has subscribed again to what it holds
    await waitUntil(async () => (await subscribersOf('leaver')) === 0, 'B left the room it no longer holds');
    expect(await subscribersOf('anchor')).toBe(1);
    expect(b.child.exitCode).toBeNull();
  }, 30_000);
});
