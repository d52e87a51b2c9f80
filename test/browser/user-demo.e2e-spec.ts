import type { Browser } from 'playwright-core';
import { devSignIn, launchBrowser, OpenPages, unexpectedErrors, waitForText, type WatchedPage } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

async function follow(page: WatchedPage, followeeId: string): Promise<void> {
  await page.byTestId('follow-input').fill(followeeId);
  await page.byTestId('follow-button').click();
  await waitForText(page, 'action-status', new RegExp(`^You followed ${followeeId}`));
}

describe('/ user demo page in a real browser', () => {
  let browser: Browser;
  let t: TestApp;
  const pages = new OpenPages(() => browser, () => t.url);
  const open = (path: string) => pages.open(path);

  beforeAll(async () => {
    // allSettled: when one fails, the other is still kept, so afterAll closes it (jest would hang on an app left open).
    const [launched, started] = await Promise.allSettled([launchBrowser(), startTestApp({ DEV_SIGN_IN: 'true' }, 'browser-user')]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') t = started.value;
    for (const result of [launched, started]) if (result.status === 'rejected') throw result.reason;
    await t.consumer.ready();
  });
  afterEach(async () => {
    await pages.closeAll();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("user B's page shows A's follow; A's page does not show B's notifications", async () => {
    const alice = await open('/');
    const bob = await open('/');
    await Promise.all([devSignIn(alice, 'alice'), devSignIn(bob, 'bob')]);

    await follow(alice, 'bob');
    await waitForText(bob, 'notification-item', /alice followed you/, 3000);
    await waitForText(bob, 'toast', /alice followed you/, 3000);

    // Bob's follow back is pushed after Alice's, so once Alice sees it she would have seen hers too.
    await follow(bob, 'alice');
    await waitForText(alice, 'notification-item', /bob followed you/, 3000);
    expect(await alice.byTestId('notification-item').allTextContents()).toEqual([expect.stringMatching(/^\+bob followed you/)]);
    expect(await bob.byTestId('notification-item').allTextContents()).toEqual([expect.stringMatching(/^\+alice followed you/)]);
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });

  it('reports a refused action in words (following yourself)', async () => {
    const alice = await open('/');
    await devSignIn(alice, 'alice');
    await alice.byTestId('follow-input').fill('alice');
    await alice.byTestId('follow-button').click();
    await waitForText(alice, 'action-status', /^you cannot follow yourself$/);
    // The refused POST is logged by Chromium as a failed resource load; that one is expected.
    expect(unexpectedErrors(pages.all, [/Failed to load resource: the server responded with a status of 400/])).toEqual([]);
  });
});
