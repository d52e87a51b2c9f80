import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, tokenSignIn, unexpectedErrors, waitForState, type WatchedPage } from '../helpers/browser.js';
import { postJson } from '../helpers/http.js';
import { closeAllSockets, connectSocket } from '../helpers/socket.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** The hole of row 1: a minted admin token broadcasting. 404 at the first step when dev sign-in is off. */
async function mintAndBroadcast(url: string): Promise<{ mint: number; broadcast?: number }> {
  const minted = await postJson(`${url}/dev/token`, { role: 'admin', sub: 'intruder' });
  if (minted.status !== 200) return { mint: minted.status };
  const sent = await postJson(`${url}/notifications`, { type: 'owned', broadcast: true }, minted.body.token);
  return { mint: minted.status, broadcast: sent.status };
}

describe('dev sign-in', () => {
  let browser: Browser;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    closeAllSockets();
    for (const page of pages.splice(0)) await page.context.close();
  });
  afterAll(() => browser?.close());

  describe('with DEV_SIGN_IN=true', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ DEV_SIGN_IN: 'true' }, 'dev-token');
    });
    afterAll(() => t.close());

    it('POST /dev/token issues a token the gateway accepts, with the asked role', async () => {
      const { status, body } = await postJson(`${t.url}/dev/token`, { role: 'admin', sub: 'ops-2', name: 'Ops Two' });
      expect(status).toBe(200);
      expect(body).toMatchObject({ sub: 'ops-2', name: 'Ops Two', roles: ['admin'] });
      const socket = await connectSocket(t.url, body.token);
      expect(socket.connected).toBe(true);
      expect((await fetch(`${t.url}/ui-config`).then((r) => r.json())) as object).toEqual({ devSignIn: true });
    });

    it('says so loudly in the start-up log', () => {
      expect(t.logger.matching(/^WARN .*DEV SIGN-IN IS ON \(DEV_SIGN_IN=true\): POST \/dev\/token gives an admin token to anyone/)).toHaveLength(1);
    });

    it('refuses unknown roles and odd user ids', async () => {
      expect((await postJson(`${t.url}/dev/token`, { role: 'root' })).status).toBe(400);
      expect((await postJson(`${t.url}/dev/token`, { sub: 'has spaces' })).status).toBe(400);
    });
  });

  // Row 1 of the issue: each of these minted an admin token that broadcast (202).
  describe.each([
    ['NODE_ENV unset', {}],
    ['NODE_ENV=prod', { NODE_ENV: 'prod' }],
    ['NODE_ENV=Production', { NODE_ENV: 'Production' }],
    ['NODE_ENV=development', { NODE_ENV: 'development' }],
    // With an origin list too: the page is served by the gateway's own host, so its WebSocket is not cross-origin.
    ['NODE_ENV=production and CORS_ORIGINS', { NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' }],
  ])('without DEV_SIGN_IN, %s, with a real JWT_SECRET', (_label, env: Record<string, string>) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(env, 'dev-token-off'); // startTestApp always sets a random 64-character JWT_SECRET
    });
    afterAll(() => t?.close());

    it('POST /dev/token does not exist (404), so nobody mints an admin token, and the log says nothing of it', async () => {
      expect(await mintAndBroadcast(t.url)).toEqual({ mint: 404 });
      expect((await fetch(`${t.url}/ui-config`).then((r) => r.json())) as object).toEqual({ devSignIn: false });
      expect(t.logger.matching(/DEV SIGN-IN/)).toEqual([]);
    });

    it('/admin hides the dev sign-in button and still accepts a pasted token', async () => {
      const admin = await openPage(browser, `${t.url}/admin`);
      pages.push(admin);
      await admin.page.locator('body[data-ready]').waitFor({ state: 'attached' }); // the page has asked /ui-config
      expect(await admin.byTestId('dev-sign-in').isHidden()).toBe(true);
      await tokenSignIn(admin, t.tokens.admin());
      await waitForState(admin, /^connected$/);
      expect(unexpectedErrors([admin])).toEqual([]);
    });
  });
});
