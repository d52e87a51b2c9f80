import type { Browser } from 'playwright-core';
import {
  attributesOf,
  devSignIn,
  launchBrowser,
  unexpectedErrors,
  waitForAttributes,
  waitForState,
  waitForText,
  waitForTitle,
  OpenPages,
} from '../helpers/browser.js';
import { postJson } from '../helpers/http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { placeOrder, waitForInbox } from './demo-backend.js';

// Dev sign-in on /admin is the admin "ops"; every admin's inbox holds the role:admin feed (orders).
const ADMIN = 'ops';

describe('/admin keeps its orders in the inbox', () => {
  let browser: Browser;
  let t: TestApp;
  const pages = new OpenPages(() => browser, () => t.url);
  const open = (path: string) => pages.open(path);

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  // A fresh app (and in-memory inbox) per test: every admin sees every order, so counts would add up across tests.
  beforeEach(async () => {
    t = await startTestApp({ DEV_SIGN_IN: 'true' }, 'browser-admin-inbox');
    await t.consumer.ready();
  });
  afterEach(async () => {
    await pages.closeAll();
    await t?.close();
  });
  afterAll(() => browser?.close());

  it('shows an order placed while it was closed, as unseen; a reload keeps the list and the count', async () => {
    const whileClosed = await placeOrder(t, 'alice', 42.5);
    // In the admin's inbox too, but not an order: neither listed nor counted.
    expect((await postJson(`${t.url}/notifications`, { type: 'maintenance', data: { at: '22:00' }, broadcast: true }, t.tokens.admin(ADMIN))).status).toBe(202);
    await waitForInbox(t, ADMIN, ['admin'], 'order.created', 1);

    const admin = await open('/admin');
    await devSignIn(admin);
    await waitForAttributes(admin, 'order-row', 'data-order-id', [whileClosed]);
    expect(await attributesOf(admin, 'order-row', 'data-read')).toEqual(['false']);
    expect(await admin.byTestId('unseen-count').textContent()).toBe('1');
    expect(await admin.page.title()).toBe('(1) Orders — Admin');
    expect(await admin.byTestId('order-total').textContent()).toBe('$42.50');

    const live = await placeOrder(t, 'bob', 7.25);
    await waitForAttributes(admin, 'order-row', 'data-order-id', [live, whileClosed]);
    await waitForText(admin, 'unseen-count', /^2$/);

    await admin.page.reload();
    await waitForState(admin, /^connected$/);
    await waitForAttributes(admin, 'order-row', 'data-order-id', [live, whileClosed]);
    expect(await attributesOf(admin, 'order-row', 'data-read')).toEqual(['false', 'false']);
    expect(await admin.byTestId('unseen-count').textContent()).toBe('2');
    expect(await admin.page.title()).toBe('(2) Orders — Admin');
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it('"Mark seen" marks them read on the server: the other tab\'s badge drops, a reload keeps it, focusing the tab marks nothing', async () => {
    const first = await placeOrder(t, 'alice', 1);
    const second = await placeOrder(t, 'alice', 2);
    await waitForInbox(t, ADMIN, ['admin'], 'order.created', 2);
    const [one, other] = [await open('/admin'), await open('/admin')];
    await Promise.all([devSignIn(one), devSignIn(other)]);
    for (const tab of [one, other]) {
      await waitForAttributes(tab, 'order-row', 'data-order-id', [second, first]);
      await waitForText(tab, 'unseen-count', /^2$/);
    }

    await one.byTestId('mark-seen').click();
    await one.byTestId('unseen-count').waitFor({ state: 'hidden' });
    await other.byTestId('unseen-count').waitFor({ state: 'hidden' });
    await waitForAttributes(other, 'order-row', 'data-read', ['true', 'true']);
    await waitForTitle(other, 'Orders — Admin');
    expect(await other.byTestId('mark-seen').isDisabled()).toBe(true);

    await one.page.reload();
    await waitForState(one, /^connected$/);
    await waitForAttributes(one, 'order-row', 'data-order-id', [second, first]);
    expect(await attributesOf(one, 'order-row', 'data-read')).toEqual(['true', 'true']);
    expect(await one.byTestId('unseen-count').isHidden()).toBe(true);
    expect(await one.byTestId('mark-seen').isDisabled()).toBe(true);

    const third = await placeOrder(t, 'carol', 3);
    for (const tab of [one, other]) {
      await waitForAttributes(tab, 'order-row', 'data-order-id', [third, second, first]);
      await waitForAttributes(tab, 'order-row', 'data-read', ['false', 'true', 'true']);
      await waitForText(tab, 'unseen-count', /^1$/);
    }
    // Coming back to the tab used to clear the count; a server-side read is now only ever "Mark seen".
    await other.page.bringToFront();
    await other.page.evaluate("window.dispatchEvent(new Event('focus'))");
    expect(await other.byTestId('unseen-count').textContent()).toBe('1');
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });
});
