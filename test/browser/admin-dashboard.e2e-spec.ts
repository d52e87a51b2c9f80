import type { Browser } from 'playwright-core';
import {
  devSignIn,
  launchBrowser,
  PHONE,
  screenshot,
  tokenSignIn,
  unexpectedErrors,
  waitForState,
  waitForText,
  type WatchedPage,
  OpenPages,
} from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Places an order from the user page and returns the order id it reports. */
async function placeOrder(user: WatchedPage, total: string): Promise<string> {
  await user.byTestId('order-total-input').fill(total);
  await user.byTestId('order-button').click();
  await waitForText(user, 'action-status', /^Order ord_\w+ placed/);
  return (await user.byTestId('action-status').textContent())!.match(/ord_\w+/)![0];
}

describe('/admin dashboard in a real browser', () => {
  let browser: Browser;
  let t: TestApp;
  const pages = new OpenPages(() => browser, () => t.url);
  const open = (path: string, viewport?: typeof PHONE) => pages.open(path, viewport);

  beforeAll(async () => {
    // allSettled: when one fails, the other is still kept, so afterAll closes it (jest would hang on an app left open).
    const [launched, started] = await Promise.allSettled([launchBrowser(), startTestApp({ DEV_SIGN_IN: 'true' }, 'browser-admin')]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') t = started.value;
    for (const result of [launched, started]) if (result.status === 'rejected') throw result.reason;
    await t.consumer.ready(); // orders must not wait in the queue for the consumer to attach
  });
  afterEach(async () => {
    await pages.closeAll();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows an order placed by a user in another window within 1 s, with its total, as 1 unseen', async () => {
    const admin = await open('/admin');
    const phone = await open('/admin', PHONE);
    const user = await open('/');
    await waitForState(admin, /^signed out$/);
    await Promise.all([devSignIn(admin), devSignIn(phone), devSignIn(user, 'alice')]);
    await admin.byTestId('orders-empty').waitFor();

    await user.byTestId('order-total-input').fill('42.5');
    const clickedAt = Date.now();
    await user.byTestId('order-button').click();
    const row = admin.byTestId('order-row').first();
    await row.waitFor({ timeout: 1000 });
    expect(Date.now() - clickedAt).toBeLessThan(1000);

    await waitForText(user, 'action-status', /^Order ord_\w+ placed/);
    const orderId = (await user.byTestId('action-status').textContent())!.match(/ord_\w+/)![0];
    expect(await row.getAttribute('data-order-id')).toBe(orderId);
    expect(await row.getByTestId('order-total').textContent()).toBe('$42.50');
    expect(await row.getByTestId('order-user').textContent()).toBe('alice');
    expect(await row.getByTestId('order-time').textContent()).toMatch(/^\d+ s ago$/);
    expect(await admin.byTestId('unseen-count').textContent()).toBe('1');
    expect(await admin.page.title()).toBe('(1) Orders — Admin');

    await admin.byTestId('mark-seen').click();
    await admin.byTestId('unseen-count').waitFor({ state: 'hidden' });
    expect(await admin.page.title()).toBe('Orders — Admin');

    // Two more, for newest-first order and the screenshots.
    const second = await placeOrder(user, '129.99');
    const third = await placeOrder(user, '7.25');
    await admin.byTestId('order-row').nth(2).waitFor({ timeout: 3000 });
    await phone.byTestId('order-row').nth(2).waitFor({ timeout: 3000 });
    const ids = await admin.byTestId('order-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id')));
    expect(ids).toEqual([third, second, orderId]);
    expect(await admin.byTestId('unseen-count').textContent()).toBe('2');
    // The phone is the same admin (ops): "Mark seen" on the desktop cleared the first order there too.
    await waitForText(phone, 'unseen-count', /^2$/);

    // Usable at phone width: nothing wider than the screen.
    expect(await phone.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    await screenshot(admin, 'admin.png');
    await screenshot(phone, 'admin-mobile.png');
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it.each([
    ['a malformed token', () => 'not-a-jwt', /^token rejected: TOKEN_INVALID — Token is not valid: jwt malformed$/],
    ['a token signed with another secret', () => t.tokens.wrongSecret(), /^token rejected: TOKEN_INVALID — Token is not valid: invalid signature$/],
    ['an expired token', () => t.tokens.expired(), /^token rejected: TOKEN_EXPIRED — Token has expired$/],
  ])('%s shows "token rejected" with the reason, not a spinner', async (_label, token, expected) => {
    const admin = await open('/admin');
    await tokenSignIn(admin, token());
    await waitForState(admin, expected);
    expect(await admin.byTestId('connection').getAttribute('data-state')).toBe('rejected');
    expect(await admin.byTestId('connection-spinner').isHidden()).toBe(true);
    // Back at the sign-in form with the token still there to fix, no orders panel.
    expect(await admin.byTestId('sign-in-panel').isVisible()).toBe(true);
    expect(await admin.byTestId('orders-panel').isHidden()).toBe(true);
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it('says "token expired" when the token runs out while connected', async () => {
    const admin = await open('/admin');
    await tokenSignIn(admin, t.tokens.sign({ sub: 'short-lived', roles: ['admin'] }, { expiresIn: 2 }));
    await waitForState(admin, /^connected$/);
    await waitForState(admin, /^signed out: token expired — sign in again$/, 5000);
    expect(await admin.byTestId('sign-in-panel').isVisible()).toBe(true);
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it('warns when a pasted token lacks the admin role', async () => {
    const admin = await open('/admin');
    await tokenSignIn(admin, t.tokens.user('not-an-admin'));
    await waitForState(admin, /^connected$/);
    await admin.byTestId('role-warning').waitFor();
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it('keeps the session across a reload and signs out cleanly', async () => {
    const admin = await open('/admin');
    await devSignIn(admin);
    await admin.page.reload();
    await waitForState(admin, /^connected$/);
    await admin.byTestId('sign-out').click();
    await waitForState(admin, /^signed out$/);
    expect(await admin.byTestId('sign-in-panel').isVisible()).toBe(true);
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });
});
