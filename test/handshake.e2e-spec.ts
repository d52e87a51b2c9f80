import { closeAllSockets, connectError, connectSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('handshake authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ JWT_ISSUER: 'https://auth.test', JWT_AUDIENCE: 'notifications' }, 'handshake');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it.each(['auth', 'query', 'header'] as const)('accepts a valid token sent via %s', async (via) => {
    const socket = await connectSocket(t.url, t.tokens.user('u-via'), { via });
    expect(socket.connected).toBe(true);
  });

  it('accepts a token over HTTP long-polling too', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('u-poll'), { transports: ['polling'] });
    expect(socket.connected).toBe(true);
  });

  const rejections: [string, (app: TestApp) => string | undefined, string][] = [
    ['no token', () => undefined, 'TOKEN_MISSING'],
    ['garbage', () => 'not-a-jwt', 'TOKEN_INVALID'],
    ['a token signed with the wrong secret', (app) => app.tokens.wrongSecret(), 'TOKEN_INVALID'],
    ['an unsigned alg:none token', (app) => app.tokens.algNone(), 'TOKEN_INVALID'],
    ['an expired token', (app) => app.tokens.expired(), 'TOKEN_EXPIRED'],
    ['the wrong issuer', (app) => app.tokens.sign({ sub: 'u', roles: [] }, { issuer: 'https://evil.test' }), 'TOKEN_INVALID'],
    ['the wrong audience', (app) => app.tokens.sign({ sub: 'u', roles: [] }, { audience: 'other' }), 'TOKEN_INVALID'],
    ['no user id claim', (app) => app.tokens.sign({ roles: ['user'] }), 'TOKEN_INVALID'],
    ['roles that are not a string array', (app) => app.tokens.sign({ sub: 'u', roles: 'admin' as never }), 'TOKEN_INVALID'],
  ];

  it.each(rejections)('refuses %s with connect_error Unauthorized / %s', async (_label, make, code) => {
    const error = await connectError(t.url, make(t));
    expect(error.message).toBe('Unauthorized');
    expect(error.data?.code).toBe(code);
    expect(typeof error.data?.message).toBe('string');
  });

  it('refuses bad tokens sent in the query string and the header alike', async () => {
    expect((await connectError(t.url, 'garbage', { via: 'query' })).data?.code).toBe('TOKEN_INVALID');
    expect((await connectError(t.url, t.tokens.expired(), { via: 'header' })).data?.code).toBe('TOKEN_EXPIRED');
  });

  it('reads the user id from sub, else user_id, else userId', async () => {
    for (const claims of [{ user_id: 'by-user_id' }, { userId: 'by-userId' }, { userId: 42 }]) {
      const socket = await connectSocket(t.url, t.tokens.sign({ ...claims, roles: [] }));
      expect(socket.connected).toBe(true);
      socket.disconnect();
    }
  });

  it('never logs a token, even one sent in the query string', async () => {
    const token = t.tokens.wrongSecret('query-secret');
    await connectError(t.url, token, { via: 'query' });
    const log = t.logger.text();
    expect(log).toMatch(/Rejected handshake TOKEN_INVALID from \S+ over websocket, token in query/);
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.split('.')[2]);
  });

  it('keeps serving after a burst of bad handshakes', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => connectError(t.url, i % 2 ? 'junk' : undefined)));
    const socket = await connectSocket(t.url, t.tokens.user('after-burst'));
    expect(socket.connected).toBe(true);
  });
});
