import { NotificationsService } from '#notifications';
import { getJson, postJson } from './helpers/http.js';
import { closeAllSockets, connectAwaiting } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('the inbox over REST (the caller\'s own inbox only)', () => {
  let t: TestApp;
  let service: NotificationsService;
  const inbox = (path: string, user = 'reader', roles = ['user']) => getJson(`${t.url}/notifications/inbox${path}`, t.tokens.user(user, roles));

  beforeAll(async () => {
    t = await startTestApp({}, 'inbox-rest');
    service = t.app.get(NotificationsService);
    for (let i = 1; i <= 5; i++) await service.toUser('reader', 'n', { i });
    await service.toRole('support', 'for-support', {});
    await service.toUser('someone-else', 'private', {});
    await service.broadcast('everyone', {});
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('lists newest first with cursor pagination: the user feed, its roles\' feeds and broadcasts, nobody else\'s', async () => {
    const page1 = await inbox('?limit=4', 'reader', ['user', 'support']);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((n: { type: string; data: { i?: number } }) => n.data.i ?? n.type)).toEqual(['everyone', 'for-support', 5, 4]);
    expect(page1.body.items.every((n: { read: boolean; cursor: string }) => n.read === false && typeof n.cursor === 'string')).toBe(true);
    const page2 = await inbox(`?limit=4&before=${encodeURIComponent(page1.body.next)}`, 'reader', ['user', 'support']);
    expect(page2.body.items.map((n: { data: { i: number } }) => n.data.i)).toEqual([3, 2, 1]);
    expect(page2.body.next).toBeUndefined();
    const withoutRole = await inbox('?limit=100');
    expect(withoutRole.body.items.map((n: { type: string }) => n.type)).not.toContain('for-support');
  });

  it('unread count, mark some read by id, then all; every socket of the user is told', async () => {
    expect((await inbox('/unread-count', 'marker')).body).toEqual({ count: 1 }); // the broadcast
    const mine = [await service.toUser('marker', 'a'), await service.toUser('marker', 'b')];
    const { socket, first } = await connectAwaiting(t.url, t.tokens.user('marker'), {}, ['inbox:unread']);
    expect(await first['inbox:unread']).toEqual({ count: 3 });
    const told = new Promise((resolve) => socket.once('inbox:unread', resolve));
    const read = await postJson(`${t.url}/notifications/inbox/read`, { ids: [mine[0].id, 'not-mine-or-unknown'] }, t.tokens.user('marker'));
    expect(read).toEqual({ status: 200, body: { unread: 2 } });
    expect(await told).toEqual({ count: 2 });
    expect((await postJson(`${t.url}/notifications/inbox/read`, { all: true }, t.tokens.user('marker'))).body).toEqual({ unread: 0 });
    const listed = await inbox('', 'marker');
    expect(listed.body.items.every((n: { read: boolean }) => n.read)).toBe(true);
  });

  it('marking another user\'s notification changes nothing', async () => {
    const theirs = await service.toUser('victim-r', 'secret');
    await postJson(`${t.url}/notifications/inbox/read`, { ids: [theirs.id] }, t.tokens.user('attacker-r'));
    expect((await inbox('/unread-count', 'victim-r')).body).toEqual({ count: 2 });
  });

  it.each([
    { label: 'limit over 100', call: () => inbox('?limit=101'), status: 400 },
    { label: 'limit 0', call: () => inbox('?limit=0'), status: 400 },
    { label: 'a cursor of another store', call: () => inbox('?before=elsewhere.3'), status: 400 },
    { label: 'no token', call: () => getJson(`${t.url}/notifications/inbox`), status: 401 },
    { label: 'read with a bad body', call: () => postJson(`${t.url}/notifications/inbox/read`, { ids: 'all' }, t.tokens.user('x')), status: 400 },
  ])('$label -> $status with a code', async ({ call, status }) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.body.code).toEqual(expect.any(String));
  });
});
