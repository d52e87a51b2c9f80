import { NotificationsService, type NotificationEnvelope } from '#notifications';
import { getJson } from './helpers/http.js';
import { sample, scrape } from './helpers/metrics.js';
import { postgresInbox } from './helpers/postgres.js';
import { closeAllSockets, connectAwaiting, connectSocket, waitForEvent, type ClientSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

const positionOf = (envelope: NotificationEnvelope) => Number(envelope.cursor!.split('.').at(-1));
/** A sync point at an envelope's cursor, with the scope of the reader's feeds. */
const syncPointAt = (cursor: string) => ({ cursor, scope: expect.stringMatching(/^[0-9a-f]{12}$/) });

/** Every `notify` a socket receives, from the moment it is created (before the handshake ends). */
function record(socket: ClientSocket): NotificationEnvelope[] {
  const seen: NotificationEnvelope[] = [];
  socket.on('notify', (envelope) => seen.push(envelope));
  return seen;
}

/** Connects with a cursor and records from the first packet: the replay starts right after the handshake. */
async function resume(t: TestApp, user: string, cursor: string): Promise<{ socket: ClientSocket; seen: NotificationEnvelope[]; unread: Promise<{ count: number }> }> {
  const seen: NotificationEnvelope[] = [];
  let unread!: Promise<{ count: number }>;
  const socket = await connectSocket(t.url, t.tokens.user(user), { cursor }, 5000, (s) => {
    s.on('notify', (e) => seen.push(e));
    unread = waitForEvent(s, 'inbox:unread', 10_000);
  });
  unread.catch(() => undefined); // awaited by the tests that need it
  return { socket, seen, unread };
}

/** The names of the events a socket receives from now on, in order. */
function events(socket: ClientSocket): string[] {
  const names: string[] = [];
  socket.onAny((name) => names.push(name));
  return names;
}

const unreadCount = async (t: TestApp, user: string) => (await getJson(`${t.url}/notifications/inbox/unread-count`, t.tokens.user(user))).body.count;

describe.each([
  ['in memory', () => ({})],
  ['in PostgreSQL', () => postgresInbox('resume')],
])('resuming from the inbox, %s', (_label, env) => {
  let t: TestApp;
  let service: NotificationsService;

  beforeAll(async () => {
    t = await startTestApp({ ...env(), INBOX_MAX_PER_FEED: '5000' }, 'resume');
    service = t.app.get(NotificationsService);
    await t.consumer.ready();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('a client offline while 50 notifications arrive gets all 50 in order with its cursor, then live ones, none twice', async () => {
    const first = await service.toUser('away', 'seq', { i: -1 });
    for (let i = 0; i < 50; i++) t.amqp.publish(t.queue, 'notification.send', { type: 'seq', data: { i }, userIds: ['away'] });
    await waitUntil(async () => (await unreadCount(t, 'away')) === 51, 'the 50 are stored');

    const { seen, unread: unreadEvent } = await resume(t, 'away', first.cursor!);
    const unread = await unreadEvent;
    for (let i = 50; i < 55; i++) await service.toUser('away', 'seq', { i });
    await waitUntil(() => seen.length >= 55, 'replay and live pushes arrived');

    expect(seen.map((e) => e.data)).toEqual(Array.from({ length: 55 }, (_, i) => ({ i })));
    const positions = seen.map(positionOf);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(55);
    expect(unread.count).toBe(51);
  });

  it('pushes that arrive during the replay are neither lost nor doubled at the seam', async () => {
    const first = await service.toUser('seam', 'seq', { i: -1 });
    const [backlog, total] = [3000, 3600];
    for (let i = 0; i < backlog; i++) t.amqp.publish(t.queue, 'notification.send', { type: 'seq', data: { i }, userIds: ['seam'] });
    await waitUntil(async () => (await unreadCount(t, 'seam')) === backlog + 1, 'the backlog is stored', 15_000);
    // Live pushes go on while the socket connects and reads its six replay pages.
    let live = backlog;
    const stream = setInterval(() => {
      for (let k = 0; k < 5 && live < total; k++) t.amqp.publish(t.queue, 'notification.send', { type: 'seq', data: { i: live++ }, userIds: ['seam'] });
    }, 2);
    let seen: NotificationEnvelope[];
    try {
      ({ seen } = await resume(t, 'seam', first.cursor!));
      await waitUntil(() => live === total, 'the live stream is published');
    } finally {
      clearInterval(stream); // also when the test fails: it must not publish into the next one
    }
    await waitUntil(() => seen.length >= total, 'everything arrived', 15_000);

    expect(seen.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: total }, (_, i) => i));
    const positions = seen.map(positionOf);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('a message delivered again with its messageId, or a seed event with the same ids, is stored and pushed once', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('twice'));
    const seen = record(socket);
    // What RabbitMQ does after a crash between commit and ack: the same message again.
    for (let k = 0; k < 2; k++) t.amqp.publish(t.queue, 'notification.send', { type: 'once', userIds: ['twice'] }, 'msg-twice-1');
    for (let k = 0; k < 2; k++) t.amqp.publish(t.queue, 'user.followed', { followerId: 'f1', followeeId: 'twice', followedAt: '2026-01-01' });
    // Stored and pushed in the order RabbitMQ delivers: once it is here, any second push would be too.
    t.amqp.publish(t.queue, 'notification.send', { type: 'sentinel', userIds: ['twice'] }, 'msg-twice-sentinel');
    await waitUntil(() => seen.some((e) => e.type === 'sentinel'), 'the sentinel arrived');
    expect(seen.map((e) => e.type).sort()).toEqual(['once', 'sentinel', 'user.followed']);
    expect(await unreadCount(t, 'twice')).toBe(3);
  });

  it('without a cursor, nothing is replayed: the sync point and the unread count come first', async () => {
    await service.toUser('fresh', 'old', {});
    let order!: string[];
    const socket = await connectSocket(t.url, t.tokens.user('fresh'), {}, 5000, (created) => (order = events(created)));
    const seen = record(socket);
    await waitUntil(() => order.includes('inbox:unread'), 'inbox:unread');
    expect(order).toEqual(['inbox:synced', 'inbox:unread']);
    await service.toUser('fresh', 'new', {});
    await waitUntil(() => seen.length === 1, 'the live push');
    expect(seen.map((e) => e.type)).toEqual(['new']);
  });

  it('a connect is told its sync point (inbox:synced, before the unread count): the newest position without a cursor, the end of the replay with one', async () => {
    const last = await service.toUser('synced', 'old', {});
    const fresh = await connectAwaiting(t.url, t.tokens.user('synced'), {}, ['inbox:synced', 'inbox:unread']);
    expect(await fresh.first['inbox:synced']).toEqual(syncPointAt(last.cursor!));
    await fresh.first['inbox:unread'];
    const pushed = waitForEvent(fresh.socket, 'notify');
    const newer = await service.toUser('synced', 'new', {});
    await pushed;
    let order!: string[];
    const resumed = await connectSocket(t.url, t.tokens.user('synced'), { cursor: last.cursor }, 5000, (created) => (order = events(created)));
    await waitUntil(() => order.includes('inbox:unread'), 'inbox:unread');
    expect(order).toEqual(['notify', 'inbox:synced', 'inbox:unread']); // the replay of "new", then the sync point at it
    resumed.disconnect();
    const synced = await connectAwaiting(t.url, t.tokens.user('synced'), { cursor: last.cursor }, ['inbox:synced']);
    expect(await synced.first['inbox:synced']).toEqual(syncPointAt(newer.cursor!));
  });

  it('a resume that received everything since its sync point starts after its cursor; one that received fewer, or says nothing, gets all after the sync point', async () => {
    const { socket, first } = await connectAwaiting(t.url, t.tokens.user('counted'), {}, ['inbox:synced']);
    const since: string = (await first['inbox:synced']).cursor;
    const seen = record(socket);
    const pushed: NotificationEnvelope[] = [];
    for (let i = 0; i < 3; i++) pushed.push(await service.toUser('counted', `n${i}`, {}));
    await waitUntil(() => seen.length === 3, 'the three live pushes');
    socket.disconnect();
    const cursor = pushed[2].cursor!;
    /** What a resume gets, in order, up to and with its inbox:synced. */
    const resumeWith = async (auth: { since?: string; received?: number }) => {
      let order!: string[];
      const s = await connectSocket(t.url, t.tokens.user('counted'), { cursor, ...auth }, 5000, (created) => (order = events(created)));
      await waitUntil(() => order.includes('inbox:synced'), 'inbox:synced');
      s.disconnect();
      return order.slice(0, order.indexOf('inbox:synced') + 1);
    };
    const replayed = ['notify', 'notify', 'notify', 'inbox:synced'];
    expect(await resumeWith({ since, received: 3 })).toEqual(['inbox:synced']);
    expect(await resumeWith({ since, received: 2 })).toEqual(replayed);
    expect(await resumeWith({ since, received: 4 })).toEqual(replayed);
    expect(await resumeWith({ since })).toEqual(replayed);
    expect(await resumeWith({})).toEqual(['inbox:synced']); // a client written before since/received
  });

  it('a resume under other roles than its sync point was given for is checked from the sync point, whatever the count', async () => {
    const { socket, first } = await connectAwaiting(t.url, t.tokens.user('promoted', ['user']), {}, ['inbox:synced']);
    const { cursor: since, scope } = await first['inbox:synced'];
    socket.disconnect();
    const resumes = async () => {
      const text = await scrape(t.url);
      return ['after_cursor', 'gap_replayed'].map((result) => sample(text, `notifications_inbox_resumes_total{result="${result}"}`));
    };
    const resumeAs = async (roles: string[]) => {
      const { socket: s, first: f } = await connectAwaiting(t.url, t.tokens.user('promoted', roles), { cursor: since, since, received: 0, scope }, ['inbox:synced']);
      await f['inbox:synced'];
      s.disconnect();
    };
    const [after0, gaps0] = await resumes();
    await resumeAs(['user']);
    expect(await resumes()).toEqual([after0 + 1, gaps0]);
    await resumeAs(['user', 'ops']); // role:ops holds notifications this client never counted
    expect(await resumes()).toEqual([after0 + 1, gaps0 + 1]);
    await resumeAs([]); // fewer roles: one it had could make up for one it missed
    expect(await resumes()).toEqual([after0 + 1, gaps0 + 2]);
  });

  it('a cursor from another store, or not a cursor, is answered inbox:reset CURSOR_UNKNOWN; live pushes go on', async () => {
    for (const cursor of ['another-store.12', 'garbage']) {
      const { socket, first } = await connectAwaiting(t.url, t.tokens.user('lost'), { cursor }, ['inbox:reset']);
      expect(await first['inbox:reset']).toEqual({ code: 'CURSOR_UNKNOWN', message: expect.any(String) });
      const live = waitForEvent<NotificationEnvelope>(socket, 'notify');
      await service.toUser('lost', 'after-reset', {});
      expect((await live).type).toBe('after-reset');
      socket.disconnect();
    }
  });

  it('inbox:read answers with the new count, and every tab of the user hears it', async () => {
    const [a, b] = await Promise.all([service.toUser('tabs', 'n1'), service.toUser('tabs', 'n2')]);
    const { socket: tab1, first: first1 } = await connectAwaiting(t.url, t.tokens.user('tabs'), {}, ['inbox:unread']);
    const { socket: tab2, first: first2 } = await connectAwaiting(t.url, t.tokens.user('tabs'), {}, ['inbox:unread']);
    expect(await Promise.all([first1['inbox:unread'], first2['inbox:unread']])).toEqual([{ count: 2 }, { count: 2 }]);
    const heard = waitForEvent<{ count: number }>(tab2, 'inbox:unread');
    expect(await tab1.timeout(3000).emitWithAck('inbox:read', { ids: [a.id] })).toEqual({ ok: true, unread: 1 });
    expect(await heard).toEqual({ count: 1 });
    const heardAll = waitForEvent<{ count: number }>(tab1, 'inbox:unread');
    expect(await tab2.timeout(3000).emitWithAck('inbox:read', { all: true })).toEqual({ ok: true, unread: 0 });
    expect(await heardAll).toEqual({ count: 0 });
    expect(b.id).not.toBe(a.id);
    const bad = await tab1.timeout(3000).emitWithAck('inbox:read', { ids: 'all' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('a cursor older than the retention', () => {
  let t: TestApp;

  afterEach(async () => {
    closeAllSockets();
    await t.close();
  });

  it.each([
    ['in memory (trimmed as notifications arrive)', () => ({})],
    ['in PostgreSQL (trimmed by the sweep)', () => ({ ...postgresInbox('expired'), INBOX_SWEEP_SECONDS: '0.2' })],
  ])('is answered inbox:reset CURSOR_EXPIRED, %s', async (_label, env) => {
    t = await startTestApp({ ...env(), INBOX_MAX_PER_FEED: '5' }, 'expired');
    const service = t.app.get(NotificationsService);
    const first = await service.toUser('slowpoke', 'n', { i: 0 });
    for (let i = 1; i <= 10; i++) await service.toUser('slowpoke', 'n', { i });
    let reset: unknown;
    // Trimming is immediate in memory and up to one sweep away in PostgreSQL: ask until it shows.
    await waitUntil(async () => {
      const { socket, first: events } = await connectAwaiting(t.url, t.tokens.user('slowpoke'), { cursor: first.cursor }, ['inbox:reset'], 300);
      reset = await events['inbox:reset'].catch(() => undefined);
      socket.disconnect();
      return reset !== undefined;
    }, 'the oldest notifications are trimmed', 10_000);
    expect(reset).toEqual({ code: 'CURSOR_EXPIRED', message: expect.any(String) });
  });
});
