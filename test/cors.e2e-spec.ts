import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('CORS origins for the Socket.IO server', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'http://allowed.test, http://also.test' }, 'cors');
  });
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
});
