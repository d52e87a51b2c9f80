import type { Browser } from 'playwright-core';
import { devSignIn, launchBrowser, openPage, unexpectedErrors, waitForState, type WatchedPage } from '../helpers/browser.js';
import { postJson } from '../helpers/http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// While the server is down Chromium logs each refused WebSocket attempt itself; the page's code logs nothing.
const SERVER_DOWN = [/WebSocket connection to '.*' failed/, /ERR_CONNECTION_REFUSED/];

describe('/admin across a server restart', () => {
  let browser: Browser;
  let first: TestApp | undefined;
  let firstClosed = false;
  let second: TestApp | undefined;
  let admin: WatchedPage | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await admin?.context.close();
    await browser?.close();
    if (second) await second.close(); // same queue as the first app: this deletes it
    if (first && !firstClosed) await first.close();
    else if (first && !second) await first.amqp.deleteQueues(first.queue);
    await first?.amqp.close();
  });

  it('shows "reconnecting", then "connected" on the same port, then receives the next order', async () => {
    first = await startTestApp({ DEV_SIGN_IN: 'true' }, 'browser-restart');
    await first.consumer.ready();
    admin = await openPage(browser, `${first.url}/admin`);
    await devSignIn(admin);

    const port = new URL(first.url).port;
    await first.app.close();
    firstClosed = true;
    await waitForState(admin, /^reconnecting…/);
    expect(await admin.byTestId('connection-spinner').isVisible()).toBe(true);

    // Same port, secret and queue: to the browser this is the same server, back again.
    second = await startTestApp({ DEV_SIGN_IN: 'true', PORT: port, JWT_SECRET: first.config.jwtSecret, NOTIFICATIONS_QUEUE: first.queue }, 'browser-restart');
    await waitForState(admin, /^connected$/, 10_000);
    await second.consumer.ready();

    const { status, body } = await postJson(`${second.url}/orders`, { total: 19.9 }, second.tokens.user('carol'));
    expect(status).toBe(201);
    const row = admin.byTestId('order-row').filter({ hasText: body.orderId });
    await row.waitFor({ timeout: 3000 });
    expect(await row.getByTestId('order-total').textContent()).toBe('$19.90');
    expect(await row.getByTestId('order-user').textContent()).toBe('carol');
    expect(unexpectedErrors([admin], SERVER_DOWN)).toEqual([]);
  });
});
