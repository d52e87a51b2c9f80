import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const scrape = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/metrics`, { headers });

describe('GET /metrics behind METRICS_TOKEN', () => {
  const token = randomBytes(24).toString('hex');
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token }, 'metrics-token');
  });
  afterAll(() => t.close());

  it('answers the bearer of the token with the metrics', async () => {
    const response = await scrape(t.url, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^notifications_sockets_connected \d+$/m);
  });

  it('refuses anyone else with 401 and the code of the refusal, and says nothing of the metrics', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['no header', {}, 'TOKEN_MISSING'],
      ['another scheme', { authorization: `Basic ${token}` }, 'TOKEN_MISSING'],
      ['a wrong token', { authorization: `Bearer ${token.slice(0, -1)}x` }, 'TOKEN_INVALID'],
      ['a user JWT', { authorization: `Bearer ${t.tokens.admin()}` }, 'TOKEN_INVALID'],
    ];
    for (const [what, headers, code] of cases) {
      const response = await scrape(t.url, headers);
      const body = await response.text();
      expect({ what, status: response.status, body: JSON.parse(body) }).toEqual({ what, status: 401, body: expect.objectContaining({ code }) });
      expect(body).not.toContain('notifications_');
    }
    // Not from the query string either: it would end up in access logs.
    expect((await fetch(`${t.url}/metrics?token=${token}`)).status).toBe(401);
  });
});

describe.each([
  ['a default start (development, every interface)', {}],
  ['NODE_ENV=production', { NODE_ENV: 'production' }],
])('GET /metrics without METRICS_TOKEN: %s', (_, env: Record<string, string>) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ...env, METRICS_TOKEN: '' }, 'metrics-none');
  });
  afterAll(() => t.close());

  it('is not served at all, with or without a bearer; health still is', async () => {
    expect((await scrape(t.url)).status).toBe(404);
    expect((await scrape(t.url, { authorization: 'Bearer anything-at-all-0123456789' })).status).toBe(404);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
