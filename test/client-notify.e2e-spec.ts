import { NotificationsService, type NotifyAck } from '#notifications';
import { closeAllSockets, connectSocket, waitForEvent, waitForNotify } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('client-to-server notify with an ack', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, 'client-notify');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('an admin socket sends a notification; the ack is { ok: true, id } and the target receives it', async () => {
    const admin = await connectSocket(t.url, t.tokens.admin('ops'));
    const target = await connectSocket(t.url, t.tokens.user('carol'));
    const arrival = waitForNotify(target, 'announcement');
    const ack: NotifyAck = await admin.timeout(3000).emitWithAck('notify', { type: 'announcement', data: { text: 'hi' }, userIds: ['carol'] });
    expect(ack).toEqual({ ok: true, id: expect.any(String) });
    const envelope = await arrival;
    expect(envelope).toMatchObject({ id: (ack as { id: string }).id, type: 'announcement', data: { text: 'hi' } });
  });

  it.each([
    ['no type', { data: {}, userIds: ['x'] }, /type must be/],
    ['no target', { type: 't' }, /at least one target/],
    ['bad userIds', { type: 't', userIds: 'x' }, /userIds must be an array/],
    ['unknown field', { type: 't', broadcast: true, hack: 1 }, /hack is not allowed/],
    ['not an object', 'hello', /JSON object/],
  ])('a bad payload (%s) is answered { ok: false, error } and the socket stays up', async (_label, payload, reason) => {
    const admin = await connectSocket(t.url, t.tokens.admin());
    const ack: NotifyAck = await admin.timeout(3000).emitWithAck('notify', payload as never);
    expect(ack.ok).toBe(false);
    const error = (ack as Extract<NotifyAck, { ok: false }>).error;
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.details?.join('\n')).toMatch(reason);
    const again: NotifyAck = await admin.timeout(3000).emitWithAck('notify', { type: 'ok', broadcast: true });
    expect(again.ok).toBe(true);
    expect(admin.connected).toBe(true);
  });

  it('a non-admin socket is answered FORBIDDEN and nothing is sent', async () => {
    const user = await connectSocket(t.url, t.tokens.user('eve'));
    const ack: NotifyAck = await user.timeout(3000).emitWithAck('notify', { type: 'spam', broadcast: true });
    expect(ack).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Requires role "admin"' } });
    expect(user.connected).toBe(true);
  });

  it('a socket whose token expires while connected is told token_expired, refused, then disconnected', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = t.tokens.signRaw({ sub: 'brief', roles: ['admin'], iat: now, exp: now + 2 });
    const admin = await connectSocket(t.url, shortLived);
    const disconnected = waitForEvent<string>(admin, 'disconnect', 8000);
    const reason = await waitForEvent<{ code: string }>(admin, 'token_expired', 5000);
    expect(reason.code).toBe('TOKEN_EXPIRED');
    // Until the next sweep disconnects it, the guard on the handler refuses its messages.
    const ack: NotifyAck = await admin.timeout(500).emitWithAck('notify', { type: 'late', broadcast: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'TOKEN_EXPIRED' } });
    expect(await disconnected).toBe('io server disconnect');
    expect(t.app.get(NotificationsService).stats().sockets).toBe(0);
  });
});
