import type { Browser } from 'playwright-core';
import { NotificationsService } from '#notifications';
import { devSignIn, launchBrowser, OpenPages, recordHandshakes, unexpectedErrors, waitForText, type WatchedPage } from '../helpers/browser.js';
import { sample, scrape } from '../helpers/metrics.js';
import { postgresInbox } from '../helpers/postgres.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { follow } from './demo-backend.js';

const titles = (page: WatchedPage) => page.byTestId('notification-item').locator('.notification-title').allTextContents();

/**
 * A page that stays connected while a push never reaches it. Instance B shares A's
 * PostgreSQL inbox but has no Redis: what B stores for bob is kept and pushed to no one,
 * as a push is lost on the way between instances in a Redis outage.
 */
describe('the user page checks its inbox now and then (inbox:check)', () => {
  let browser: Browser;
  let a: TestApp;
  let b: TestApp;
  const pages = new OpenPages(() => browser, () => a.url);

  beforeAll(async () => {
    browser = await launchBrowser();
    a = await startTestApp({ DEV_SIGN_IN: 'true', ...postgresInbox('browser_check') }, 'browser-check');
    b = await startTestApp({
      DATABASE_URL: a.config.inbox.databaseUrl!,
      DATABASE_SCHEMA: a.config.inbox.schema,
      JWT_SECRET: a.config.jwtSecret,
      NOTIFICATIONS_QUEUE: a.queue,
    });
    await a.consumer.ready();
  });
  afterAll(async () => {
    await pages.closeAll();
    await b?.stopApp(); // a drops the shared schema and queue
    await b?.amqp.close();
    await a?.close();
    await browser?.close();
  });

  const checks = async (result: string) => sample(await scrape(a.url), `notifications_inbox_checks_total{result="${result}"}`);

  it('finds nothing missing while pushes arrive; a push that never came is reported newest, and the next check reconnects for it', async () => {
    const bob = await pages.open('/');
    await bob.page.addInitScript(() => Object.assign(globalThis, { NOTIFICATIONS_CHECK_MS: 300 }));
    await bob.page.reload();
    const handshakes = recordHandshakes(bob);
    await devSignIn(bob, 'bob');
    await follow(a, 'alice', 'bob');
    await waitForText(bob, 'notification-item', /alice followed you/);
    const complete = await checks('complete');
    await waitUntil(async () => (await checks('complete')) > complete, 'a check after the push', 5000);
    expect(await checks('incomplete')).toBe(0); // the page counts what it has as the server does

    const carol = await b.app.get(NotificationsService).toUser('bob', 'user.followed', { followerId: 'carol', followeeId: 'bob' });
    await waitForText(bob, 'notification-item', /carol followed you/, 10_000);
    expect(await titles(bob)).toEqual(['carol followed you', 'alice followed you']);
    // Reconnected once, with the cursor below carol's: the replay after it brought her.
    expect(handshakes).toHaveLength(2);
    expect(handshakes[1]).toMatchObject({ since: expect.any(String), received: 0 });
    expect(handshakes[1].cursor).not.toBe(carol.cursor);
    const metrics = await scrape(a.url);
    expect(sample(metrics, 'notifications_inbox_checks_total{result="incomplete"}')).toBe(0);
    expect(sample(metrics, 'notifications_inbox_resumes_total{result="after_cursor"}')).toBe(1);
    await waitForText(bob, 'bell-count', /^2$/);
    expect(unexpectedErrors(pages.all)).toEqual([]);
  });
});
