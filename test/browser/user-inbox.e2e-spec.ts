import type { Browser } from 'playwright-core';
import {
  attributesOf,
  devSignIn,
  launchBrowser,
  PHONE,
  screenshot,
  unexpectedErrors,
  waitForAttributes,
  waitForState,
  waitForText,
  waitForTitle,
  type WatchedPage,
  OpenPages,
} from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { follow, waitForInbox } from './demo-backend.js';

const titles = (page: WatchedPage) => page.byTestId('notification-item').locator('.notification-title').allTextContents();

describe('/ user page: the bell and the inbox', () => {
  let browser: Browser;
  let t: TestApp;
  const pages = new OpenPages(() => browser, () => t.url);
  const open = (path: string, viewport?: typeof PHONE) => pages.open(path, viewport);

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    t = await startTestApp({ DEV_SIGN_IN: 'true' }, 'browser-user-inbox');
    await t.consumer.ready();
  });
  afterEach(async () => {
    await pages.closeAll();
    await t?.close();
  });
  afterAll(() => browser?.close());

  it('lists the follows received while it was closed, unread, with the bell counting them; a reload keeps them', async () => {
    await follow(t, 'alice', 'bob');
    await follow(t, 'carol', 'bob');
    await waitForInbox(t, 'bob', ['user'], 'user.followed', 2);

    const bob = await open('/');
    await devSignIn(bob, 'bob');
    await waitForAttributes(bob, 'notification-item', 'data-read', ['false', 'false']);
    expect(await titles(bob)).toEqual(['carol followed you', 'alice followed you']);
    expect(await bob.byTestId('bell-count').textContent()).toBe('2');
    expect(await bob.byTestId('bell').getAttribute('aria-label')).toBe('Notifications: 2 unread');
    expect(await bob.page.title()).toBe('(2) Notifications demo');
    // They come from the list, not live: no toast for them.
    expect(await bob.byTestId('toast').count()).toBe(0);

    await bob.page.reload();
    await waitForState(bob, /^connected$/);
    await waitForAttributes(bob, 'notification-item', 'data-read', ['false', 'false']);
    expect(await titles(bob)).toEqual(['carol followed you', 'alice followed you']);
    expect(await bob.byTestId('bell-count').textContent()).toBe('2');
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it('marks one read by a click and all with "Mark all read"; a second tab of the same user follows live', async () => {
    for (const follower of ['alice', 'carol', 'dave']) await follow(t, follower, 'bob');
    await waitForInbox(t, 'bob', ['user'], 'user.followed', 3);
    const desk = await open('/');
    const phone = await open('/', PHONE);
    await Promise.all([devSignIn(desk, 'bob'), devSignIn(phone, 'bob')]);
    for (const tab of [desk, phone]) {
      await waitForAttributes(tab, 'notification-item', 'data-read', ['false', 'false', 'false']);
      await waitForText(tab, 'bell-count', /^3$/);
    }

    await desk.byTestId('notification-item').filter({ hasText: 'carol followed you' }).getByTestId('notification-open').click();
    await waitForAttributes(desk, 'notification-item', 'data-read', ['false', 'true', 'false']);
    await waitForText(desk, 'bell-count', /^2$/);
    await waitForAttributes(phone, 'notification-item', 'data-read', ['false', 'true', 'false']);
    await waitForText(phone, 'bell-count', /^2$/);

    // A new follow reaches both tabs live: on top, unread, with a toast.
    await follow(t, 'erin', 'bob');
    for (const tab of [desk, phone]) {
      await waitForAttributes(tab, 'notification-item', 'data-read', ['false', 'false', 'true', 'false']);
      await waitForText(tab, 'toast', /erin followed you/);
      await waitForText(tab, 'bell-count', /^3$/);
    }
    expect(await titles(phone)).toEqual(['erin followed you', 'dave followed you', 'carol followed you', 'alice followed you']);
    expect(await phone.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(desk, 'user.png');

    await phone.byTestId('mark-all-read').click();
    for (const tab of [phone, desk]) {
      await tab.byTestId('bell-count').waitFor({ state: 'hidden' });
      await waitForAttributes(tab, 'notification-item', 'data-read', ['true', 'true', 'true', 'true']);
      await waitForTitle(tab, 'Notifications demo');
      expect(await tab.byTestId('mark-all-read').isDisabled()).toBe(true);
    }
    expect(await desk.byTestId('bell').getAttribute('aria-label')).toBe('Notifications: none unread');

    await desk.page.reload();
    await waitForState(desk, /^connected$/);
    await waitForAttributes(desk, 'notification-item', 'data-read', ['true', 'true', 'true', 'true']);
    expect(await desk.byTestId('bell-count').isHidden()).toBe(true);
    expect(await attributesOf(desk, 'notification-open', 'disabled')).toEqual(['', '', '', '']);
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });
});
