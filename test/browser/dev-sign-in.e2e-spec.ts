import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, tokenSignIn, unexpectedErrors, waitForState, type WatchedPage } from '../helpers/browser.js';
import { postJson } from '../helpers/http.js';
import { closeAllSockets, connectSocket } from '../helpers/socket.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('dev sign-in', () => {
  afterEach(() => closeAllSockets());

  describe('outside production', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({}, 'dev-token');
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

    it('refuses unknown roles and odd user ids', async () => {
      expect((await postJson(`${t.url}/dev/token`, { role: 'root' })).status).toBe(400);
      expect((await postJson(`${t.url}/dev/token`, { sub: 'has spaces' })).status).toBe(400);
    });
  });

  describe('with NODE_ENV=production', () => {
    let t: TestApp;
    let browser: Browser;
    let admin: WatchedPage | undefined;
    beforeAll(async () => {
      // Production insists on a JWT_SECRET of 32+ characters; startTestApp's random one has 64.
      [browser, t] = await Promise.all([launchBrowser(), startTestApp({ NODE_ENV: 'production' }, 'dev-token-prod')]);
      expect(t.config.production).toBe(true);
    });
    afterAll(async () => {
      await admin?.context.close();
      await browser?.close();
      await t?.close();
    });

    it('POST /dev/token does not exist (404)', async () => {
      expect((await postJson(`${t.url}/dev/token`, { role: 'admin' })).status).toBe(404);
      expect((await fetch(`${t.url}/ui-config`).then((r) => r.json())) as object).toEqual({ devSignIn: false });
    });

    it('/admin hides the dev sign-in button and still accepts a pasted token', async () => {
      admin = await openPage(browser, `${t.url}/admin`);
      await admin.page.locator('body[data-ready]').waitFor({ state: 'attached' }); // the page has asked /ui-config
      await tokenSignIn(admin, t.tokens.admin());
      await waitForState(admin, /^connected$/);
      expect(await admin.byTestId('dev-sign-in').isHidden()).toBe(true);
      expect(unexpectedErrors([admin])).toEqual([]);
    });
  });
});
