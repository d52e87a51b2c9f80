import { pollingConnect, RawWebSocket } from './helpers/raw-engine.js';
import { closeAllSockets, connectError, connectSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('CORS origins for the Socket.IO server', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'http://allowed.test, http://also.test' }, 'cors');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  const preflight = (origin: string) =>
    fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
    });

  it('allows a configured origin', async () => {
    const response = await preflight('http://also.test');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://also.test');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('does not allow any other origin', async () => {
    const response = await preflight('http://evil.test');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  // Row 7: CORS alone left the WebSocket upgrade open to any page.
  describe('the handshake itself (Engine.IO allowRequest)', () => {
    const refused = ['http://evil.test', 'null', 'http://allowed.test.evil.test', 'http://allowed.test, http://evil.test', 'HTTP://ALLOWED.TEST', ''];

    it.each(refused)('refuses a WebSocket from origin "%s" before the upgrade (HTTP 400)', async (origin) => {
      const attempt = RawWebSocket.open(t.url, { headers: { Origin: origin } });
      await expect(attempt).rejects.toMatchObject({ status: 400 });
    });

    it.each(refused)('refuses long-polling from origin "%s" (HTTP 403 "Origin not allowed")', async (origin) => {
      const response = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: origin } });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ code: 4, message: 'Origin not allowed' });
    });

    it('a socket.io client sent from another origin gets a transport-level connect_error', async () => {
      const error = await connectError(t.url, t.tokens.user('evil-page'), { transports: ['websocket'], headers: { Origin: 'http://evil.test' } });
      expect(error.message).toBe('websocket error');
    });

    it.each(['http://allowed.test', 'http://also.test'])('accepts %s over both transports', async (origin) => {
      const socket = await RawWebSocket.open(t.url, { headers: { Origin: origin } });
      expect(await socket.connect('/notifications', { token: t.tokens.user('good-page') })).toEqual({ connected: true });
      socket.close();
      const polled = await pollingConnect(t.url, '/notifications', { headers: { Origin: origin }, auth: { token: t.tokens.user('good-page') } });
      expect(polled).toMatchObject({ status: 200, connected: true });
    });

    it("accepts the server's own pages (Origin host = Host), as the demo's / and /admin are", async () => {
      const socket = await RawWebSocket.open(t.url, { headers: { Origin: t.url } });
      expect(await socket.connect('/notifications', { token: t.tokens.user('own-page') })).toEqual({ connected: true });
      socket.close();
      const polled = await pollingConnect(t.url, '/notifications', { headers: { Origin: t.url }, auth: { token: t.tokens.user('own-page') } });
      expect(polled).toMatchObject({ status: 200, connected: true });
    });

    it('accepts a client that sends no Origin at all (Python, mobile apps), over both transports', async () => {
      expect((await connectSocket(t.url, t.tokens.user('no-origin'), { transports: ['websocket'] })).connected).toBe(true);
      expect((await connectSocket(t.url, t.tokens.user('no-origin'), { transports: ['polling'] })).connected).toBe(true);
    });
  });
});
