import { NotificationsService } from '#notifications';
import {
  closeAllSockets,
  connectSocket,
  recordNotifications,
  waitForEvent,
  waitForNotify,
  type ClientSocket,
} from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('rooms and pushes from NotificationsService', () => {
  let t: TestApp;
  let service: NotificationsService;

  beforeAll(async () => {
    t = await startTestApp({}, 'rooms');
    service = t.app.get(NotificationsService);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('toUser reaches every socket of that user (two tabs) and returns the envelope it sent', async () => {
    const tab1 = await connectSocket(t.url, t.tokens.user('alice'));
    const tab2 = await connectSocket(t.url, t.tokens.user('alice'));
    const received = Promise.all([waitForEvent(tab1, 'notify'), waitForEvent(tab2, 'notify')]);
    const sent = await service.toUser('alice', 'user.followed', { followerId: 'bob' });
    const [a, b] = await received;
    expect(sent.id).toMatch(UUID_V7);
    expect(new Date(sent.createdAt).toISOString()).toBe(sent.createdAt);
    expect(a).toEqual(sent);
    expect(b).toEqual(sent);
  });

  it('toUser does not reach other users', async () => {
    const alice = await connectSocket(t.url, t.tokens.user('alice2'));
    const bob = await connectSocket(t.url, t.tokens.user('bob2'));
    const bobSeen = recordNotifications(bob);
    const arrivals = [waitForNotify(alice, 'private'), waitForNotify(bob, 'sentinel')];
    await service.toUser('alice2', 'private', { n: 1 });
    await service.toUser('bob2', 'sentinel', {}); // ordered after the first push on the same server
    await Promise.all(arrivals);
    expect(bobSeen.map((e) => e.type)).toEqual(['sentinel']);
  });

  it('toUsers reaches each listed user once; toRole reaches the role only; broadcast reaches all', async () => {
    const a = await connectSocket(t.url, t.tokens.user('ua', ['user']));
    const b = await connectSocket(t.url, t.tokens.user('ub', ['user', 'admin']));
    const c = await connectSocket(t.url, t.tokens.user('uc', ['user']));
    const seen = [a, b, c].map(recordNotifications);

    await service.toUsers(['ua', 'ub', 'ua'], 'many', {});
    await service.toRole('admin', 'admins', {});
    await service.broadcast('everyone', {});
    await Promise.all([a, b, c].map((s) => waitForNotify(s, 'everyone')));

    expect(seen[0].map((e) => e.type)).toEqual(['many', 'everyone']);
    expect(seen[1].map((e) => e.type)).toEqual(['many', 'admins', 'everyone']);
    expect(seen[2].map((e) => e.type)).toEqual(['everyone']);
  });

  it('a socket targeted through both its user room and its role room gets one copy', async () => {
    const admin = await connectSocket(t.url, t.tokens.user('dual', ['admin']));
    const seen = recordNotifications(admin);
    await service.send({ type: 'both', userIds: ['dual'], roles: ['admin'] });
    await service.toUser('dual', 'sentinel');
    await waitForNotify(admin, 'sentinel');
    expect(seen.map((e) => e.type)).toEqual(['both', 'sentinel']);
  });

  it('a client cannot join a room by itself', async () => {
    const intruder: ClientSocket = await connectSocket(t.url, t.tokens.user('intruder'));
    const seen = recordNotifications(intruder);
    for (const event of ['join', 'subscribe', 'joinRoom']) (intruder as any).emit(event, 'role:admin');
    (intruder as any).emit('join', { room: 'user:victim' });
    await service.toRole('admin', 'secret-for-admins', {});
    await service.toUser('victim', 'secret-for-victim', {});
    await service.toUser('intruder', 'sentinel', {});
    await waitForNotify(intruder, 'sentinel');
    expect(seen.map((e) => e.type)).toEqual(['sentinel']);
    expect(intruder.connected).toBe(true);
  });

  it('rejects bad requests from code with the reasons', async () => {
    await expect(service.send({ type: 'x' })).rejects.toThrow(/Invalid notification payload/);
    await expect(service.toUser('', 'x')).rejects.toThrow();
  });
});
