import { randomBytes } from 'node:crypto';
import { NotificationsService, type NotificationEnvelope } from '#notifications';
import { getJson } from './helpers/http.js';
import { postgresInbox } from './helpers/postgres.js';
import { ResumingClient } from './helpers/resuming-client.js';
import { scrape, sample } from './helpers/metrics.js';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

const REDIS = { host: '127.0.0.1', port: 6379 };

/** Waits until a push from `from` reaches a socket on `to` through Redis. */
async function linked(from: TestApp, to: TestApp): Promise<void> {
  const probe = await connectSocket(to.url, to.tokens.user('probe'));
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      await from.app.get(NotificationsService).toUser('probe', 'probe');
      if (await waitForNotify(probe, 'probe', 100).then(() => true, () => false)) return;
    }
    throw new Error('the two instances never linked through Redis');
  } finally {
    probe.disconnect();
  }
}

const types = (client: ResumingClient) => client.shown.map((envelope: NotificationEnvelope) => envelope.type);

/**
 * Pushes from two instances reach a socket out of position order: B stores after A but
 * pushes first when A's push is slow on its way. A connection that drops in between
 * leaves the client with a cursor above the one it never got. Here A's way to Redis is
 * held (as a dying or stalled instance's would be), so the order is certain.
 */
describe('a notification that never arrived while a later one did (two instances, sharded Redis, PostgreSQL)', () => {
  const prefix = `test.notifications.${randomBytes(4).toString('hex')}`;
  let redisOfA: TcpProxy;
  let front: TcpProxy; // the load balancer in front of B
  let a: TestApp;
  let b: TestApp;
  const clients: ResumingClient[] = [];

  beforeAll(async () => {
    redisOfA = new TcpProxy(await TcpProxy.freePort(), REDIS);
    await redisOfA.start();
    const shared = { REDIS_ADAPTER: 'sharded', REDIS_CHANNEL_PREFIX: prefix };
    a = await startTestApp({ ...shared, REDIS_URL: `redis://127.0.0.1:${redisOfA.port}`, ...postgresInbox('gap') }, 'gap');
    b = await startTestApp({
      ...shared,
      REDIS_URL: `redis://${REDIS.host}:${REDIS.port}`,
      DATABASE_URL: a.config.inbox.databaseUrl!,
      DATABASE_SCHEMA: a.config.inbox.schema,
      JWT_SECRET: a.config.jwtSecret,
      NOTIFICATIONS_QUEUE: a.queue,
    });
    await linked(a, b);
    front = new TcpProxy(await TcpProxy.freePort(), { host: '127.0.0.1', port: Number(new URL(b.url).port) });
    await front.start();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    closeAllSockets();
    redisOfA.release();
  });
  afterAll(async () => {
    await front?.stop();
    await b?.stopApp(); // a drops the shared schema and queue
    await b?.amqp.close();
    await a?.close();
    await redisOfA?.stop();
  });

  it('is replayed on reconnect to a client that sends since/received; a cursor alone skips it', async () => {
    const via = `http://127.0.0.1:${front.port}`;
    const [checked, unchecked] = await Promise.all(
      [true, false].map(async (isChecked, i) => {
        const client = await ResumingClient.connect(via, b.tokens.user(`gap-${i}`), { checked: isChecked });
        clients.push(client);
        return client;
      }),
    );
    await waitUntil(() => clients.every((c) => c.socket.connected), 'both connected');
    const before = await scrape(b.url);
    const unread = async (user: string) => (await getJson(`${b.url}/notifications/inbox/unread-count`, b.tokens.user(user))).body.count;

    redisOfA.hold();
    const first = ['gap-0', 'gap-1'].map((user) => a.app.get(NotificationsService).toUser(user, 'first')); // stored, stuck on its way
    first.forEach((p) => p.catch(() => undefined));
    // Stored (so it takes the lower position) before B stores the later one.
    await waitUntil(async () => (await Promise.all(clients.map((_, i) => unread(`gap-${i}`)))).every((n) => n === 1), 'the first is stored');
    for (const user of ['gap-0', 'gap-1']) await b.app.get(NotificationsService).toUser(user, 'second');
    await waitUntil(() => clients.every((c) => types(c).includes('second')), 'the later one arrived first');
    expect(clients.map(types)).toEqual([['second'], ['second']]);

    const resynced = clients.map((c) => c.nextSync());
    front.dropConnections(); // the connection drops: both reconnect to B by themselves
    await Promise.all(resynced);

    expect(types(checked)).toEqual(['second', 'first']);
    expect(types(unchecked)).toEqual(['second']); // what the checked client was spared
    const after = await scrape(b.url);
    const resumes = (text: string, result: string) => sample(text, `notifications_inbox_resumes_total{result="${result}"}`);
    expect(resumes(after, 'gap_replayed') - resumes(before, 'gap_replayed')).toBe(1);
    expect(resumes(after, 'unchecked') - resumes(before, 'unchecked')).toBe(1);

    // A's pushes go on their way at last, then one more from A behind them: the checked client shows each once.
    redisOfA.release();
    await Promise.all(first);
    await a.app.get(NotificationsService).toUser('gap-0', 'sentinel');
    await waitUntil(() => types(checked).includes('sentinel'), 'the sentinel arrived');
    expect(types(checked)).toEqual(['second', 'first', 'sentinel']);
  }, 60_000);

  it('a connected client finds it with inbox:check and reconnects for it; a complete check moves its sync point up', async () => {
    const client = await ResumingClient.connect(`http://127.0.0.1:${front.port}`, b.tokens.user('checker'));
    clients.push(client);
    const unread = async () => (await getJson(`${b.url}/notifications/inbox/unread-count`, b.tokens.user('checker'))).body.count;
    redisOfA.hold();
    const first = a.app.get(NotificationsService).toUser('checker', 'first');
    await waitUntil(async () => (await unread()) === 1, 'the first is stored');
    await b.app.get(NotificationsService).toUser('checker', 'second');
    await waitUntil(() => types(client).includes('second'), 'the later one arrived');

    expect(await client.check()).toMatchObject({ ok: true, complete: false }); // once: maybe still on its way
    expect(client.socket.connected).toBe(true);
    const replayed = client.nextSync();
    expect(await client.check()).toMatchObject({ ok: true, complete: false }); // twice: it reconnects
    await replayed;
    expect(types(client)).toEqual(['second', 'first']);

    redisOfA.release();
    await first;
    await a.app.get(NotificationsService).toUser('checker', 'sentinel');
    await waitUntil(() => types(client).includes('sentinel'), 'the sentinel arrived');
    const sentinel = client.shown.find((e) => e.type === 'sentinel')!;
    expect(await client.check()).toEqual({ ok: true, complete: true, newest: sentinel.cursor });
    // The sync point is now that cursor: a second gap replays from there, not the whole session again.
    redisOfA.hold();
    const third = a.app.get(NotificationsService).toUser('checker', 'third');
    await waitUntil(async () => (await unread()) === 4, 'the third is stored');
    await b.app.get(NotificationsService).toUser('checker', 'fourth');
    await waitUntil(() => types(client).includes('fourth'), 'the fourth arrived');
    const before = await scrape(b.url);
    const arrivals = client.arrivals;
    const resynced = client.nextSync();
    front.dropConnections();
    await resynced;
    expect(client.arrivals - arrivals).toBe(2); // third, and fourth again (dropped by id); not first, second, sentinel
    expect(types(client)).toEqual(['second', 'first', 'sentinel', 'fourth', 'third']);
    const gaps = (text: string) => sample(text, 'notifications_inbox_resumes_total{result="gap_replayed"}');
    expect(gaps(await scrape(b.url)) - gaps(before)).toBe(1);
    redisOfA.release();
    await third;

    const bad = await client.socket.timeout(3000).emitWithAck('inbox:check', { cursor: 'nonsense' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', details: expect.arrayContaining(['cursor must be a cursor']) } });
  }, 60_000);

  it('a lost push with nothing after it: the check reports it as newest, and the next check, still without it, reconnects for it', async () => {
    const client = await ResumingClient.connect(`http://127.0.0.1:${front.port}`, b.tokens.user('lonely'));
    clients.push(client);
    redisOfA.hold();
    const lost = await a.app.get(NotificationsService).toUser('lonely', 'lost');
    expect(await client.check()).toEqual({ ok: true, complete: true, newest: lost.cursor }); // nothing missing below its cursor
    const replayed = client.nextSync();
    expect(await client.check()).toMatchObject({ ok: true, complete: true }); // still not here: it reconnects
    await replayed;
    expect(types(client)).toEqual(['lost']);
  }, 30_000);
});
