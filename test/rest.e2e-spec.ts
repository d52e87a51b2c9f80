import { postJson } from './helpers/http.js';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('POST /notifications', () => {
  let t: TestApp;
  const send = (body: unknown, token?: string) => postJson(`${t.url}/notifications`, body, token);

  beforeAll(async () => {
    t = await startTestApp({}, 'rest');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('202 { id } with an admin token, and the target receives that envelope', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('dave'));
    const arrival = waitForNotify(socket, 'promo');
    const response = await send({ type: 'promo', data: { pct: 10 }, userIds: ['dave'] }, t.tokens.admin());
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: expect.any(String) });
    expect(await arrival).toMatchObject({ id: response.body.id, type: 'promo', data: { pct: 10 } });
  });

  it.each([
    ['no token', () => undefined, 'TOKEN_MISSING'],
    ['a garbage token', () => 'garbage', 'TOKEN_INVALID'],
    ['a token with the wrong secret', () => t.tokens.wrongSecret(), 'TOKEN_INVALID'],
    ['an alg:none token', () => t.tokens.algNone(), 'TOKEN_INVALID'],
    ['an expired token', () => t.tokens.expired(), 'TOKEN_EXPIRED'],
  ])('401 with %s', async (_label, token, code) => {
    const response = await send({ type: 'x', broadcast: true }, token());
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code });
  });

  it('403 for a valid token without the admin role', async () => {
    const response = await send({ type: 'x', broadcast: true }, t.tokens.user('not-admin'));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });

  it('400 with every reason for a bad body', async () => {
    const response = await send({ type: '', userIds: 'all', extra: true }, t.tokens.admin());
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_PAYLOAD');
    expect(response.body.message).toEqual(
      expect.arrayContaining(['extra is not allowed', 'userIds must be an array', expect.stringMatching(/^type must be/)]),
    );
  });

  it('400 for a body that is not JSON', async () => {
    const response = await fetch(`${t.url}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tokens.admin()}` },
      body: '{nope',
    });
    expect(response.status).toBe(400);
  });
});
