import { NotificationsHealthIndicator } from '#notifications';
import { getJson, postJson } from './helpers/http.js';
import { scrape } from './helpers/metrics.js';
import { closeAllSockets, connectSocket, waitForNotify, type ClientSocket, type ConnectOptions } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Every event a socket receives, from before its handshake on: `[event, payload]`. */
type Seen = [string, any][];

describe('the demo with INBOX=off: live pushes only, no inbox', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ INBOX: 'off' }, 'inbox-off');
    await t.consumer.ready();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  async function connectRecording(user: string, options: ConnectOptions = {}): Promise<{ socket: ClientSocket; seen: Seen }> {
    const seen: Seen = [];
    const socket = await connectSocket(t.url, t.tokens.user(user), options, 5000, (s) => s.onAny((event, payload) => seen.push([event, payload])));
    return { socket, seen };
  }

  it('pushes from RabbitMQ and REST reach a connected socket: id, type, data, createdAt and no cursor; nothing else is sent', async () => {
    const { socket, seen } = await connectRecording('bob');

    const followed = waitForNotify(socket, 'user.followed');
    t.amqp.publish(t.queue, 'user.followed', { followerId: 'alice', followeeId: 'bob' });
    const fromRabbit = await followed;
    expect(Object.keys(fromRabbit).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(fromRabbit).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: 'user.followed',
      data: { followerId: 'alice', followeeId: 'bob' },
      createdAt: expect.any(String),
    });
    expect(new Date(fromRabbit.createdAt).toISOString()).toBe(fromRabbit.createdAt);

    const maintenance = waitForNotify(socket, 'maintenance');
    const posted = await postJson(`${t.url}/notifications`, { type: 'maintenance', data: { at: '22:00' }, userIds: ['bob'] }, t.tokens.admin());
    expect(posted).toEqual({ status: 202, body: { id: expect.any(String) } });
    const fromRest = await maintenance;
    expect(fromRest).toEqual({ id: posted.body.id, type: 'maintenance', data: { at: '22:00' }, createdAt: expect.any(String) });
    expect('cursor' in fromRest).toBe(false);

    // An inbox would have sent inbox:unread right after the connect, before these pushes.
    expect(seen.map(([event]) => event)).toEqual(['notify', 'notify']);
  });

  it('the inbox endpoints answer 404 INBOX_DISABLED, for the list, the count and marking read, whatever the input', async () => {
    const token = t.tokens.user('reader');
    const answers = [
      await getJson(`${t.url}/notifications/inbox`, token),
      await getJson(`${t.url}/notifications/inbox?limit=5`, token),
      await getJson(`${t.url}/notifications/inbox/unread-count`, token),
      await postJson(`${t.url}/notifications/inbox/read`, { all: true }, token),
      await postJson(`${t.url}/notifications/inbox/read`, { ids: ['019ac1f2-8e31-7c3a-9d41-6f0e1b2c3d4e'] }, token),
      // Bad input is answered the same way: there is no inbox to validate it for.
      await getJson(`${t.url}/notifications/inbox?limit=101`, token),
      await postJson(`${t.url}/notifications/inbox/read`, { ids: 'not-a-list' }, token),
    ];
    for (const answer of answers) {
      expect(answer).toEqual({ status: 404, body: expect.objectContaining({ statusCode: 404, code: 'INBOX_DISABLED', message: expect.any(String) }) });
    }
    // Still authenticated first: no token is a 401, not a 404.
    expect((await getJson(`${t.url}/notifications/inbox`)).status).toBe(401);
  });

  it('the socket inbox:read and inbox:check are acked with INBOX_DISABLED, and the socket stays connected and served', async () => {
    const { socket, seen } = await connectRecording('marker');
    const byIds = await socket.timeout(3000).emitWithAck('inbox:read', { ids: ['019ac1f2-8e31-7c3a-9d41-6f0e1b2c3d4e'] });
    const all = await socket.timeout(3000).emitWithAck('inbox:read', { all: true });
    const check = await socket.timeout(3000).emitWithAck('inbox:check', { cursor: 'e.2', since: 'e.1', received: 1 });
    const badCheck = await socket.timeout(3000).emitWithAck('inbox:check', {} as never);
    for (const ack of [byIds, all, check, badCheck]) expect(ack).toEqual({ ok: false, error: { code: 'INBOX_DISABLED', message: expect.any(String) } });
    expect(socket.connected).toBe(true);
    const arrival = waitForNotify(socket, 'after-read');
    await postJson(`${t.url}/notifications`, { type: 'after-read', userIds: ['marker'] }, t.tokens.admin());
    await arrival;
    expect(seen.map(([event]) => event)).toEqual(['notify']); // no inbox:synced or inbox:unread, before or after
  });

  it('health and metrics report the store as disabled; the broker is connected', async () => {
    const health = await getJson(`${t.url}/health`);
    // sockets: other tests' sockets may still be closing on the server.
    expect(health).toEqual({ status: 200, body: { status: 'ok', broker: 'connected', store: 'disabled', sockets: expect.any(Number) } });
    // The module's indicator (terminus-style) counts a disabled store as healthy.
    const { notifications } = await t.app.get(NotificationsHealthIndicator).isHealthy();
    expect(notifications).toMatchObject({ status: 'up', consumer: 'connected', store: 'disabled' });
    const metrics = await scrape(t.url);
    expect(metrics).toMatch(/^notifications_store_state\{state="disabled"\} 1$/m);
    for (const state of ['starting', 'up', 'down']) expect(metrics).toMatch(new RegExp(`^notifications_store_state\\{state="${state}"\\} 0$`, 'm'));
  });

  it('no catch-up: a socket that connects after a push never gets it, even resuming with a cursor', async () => {
    const first = await connectRecording('carol');
    const early = waitForNotify(first.socket, 'early');
    t.amqp.publish(t.queue, 'notification.send', { type: 'early', data: { n: 1 }, userIds: ['carol'] });
    await early; // delivered: the push is over before the second socket exists

    // A client of an inbox-keeping server would send its last cursor; here it is ignored, without inbox:reset.
    const second = await connectRecording('carol', { cursor: 'f00dfeedf00dfeed.0' });
    const markerOnFirst = waitForNotify(first.socket, 'marker');
    const markerOnSecond = waitForNotify(second.socket, 'marker');
    t.amqp.publish(t.queue, 'notification.send', { type: 'marker', data: { n: 2 }, userIds: ['carol'] });
    await Promise.all([markerOnFirst, markerOnSecond]);

    // Pushes to one socket arrive in order: anything replayed would have come before the marker.
    expect(second.seen.map(([event, payload]) => `${event} ${payload?.type}`)).toEqual(['notify marker']);
    expect(first.seen.map(([event, payload]) => `${event} ${payload?.type}`)).toEqual(['notify early', 'notify marker']);
    // And there is nothing to fetch it from either.
    expect((await getJson(`${t.url}/notifications/inbox`, t.tokens.user('carol'))).body.code).toBe('INBOX_DISABLED');
  });
});
