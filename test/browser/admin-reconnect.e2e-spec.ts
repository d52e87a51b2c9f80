import type { Browser } from 'playwright-core';
import {
  attributesOf,
  devSignIn,
  launchBrowser,
  recordHandshakes,
  unexpectedErrors,
  waitForAttributes,
  waitForState,
  waitForText,
  type WatchedPage,
  OpenPages,
} from '../helpers/browser.js';
import { getJson } from '../helpers/http.js';
import { sample, scrape } from '../helpers/metrics.js';
import { dropSchema, postgresInbox } from '../helpers/postgres.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { follow, placeOrder } from './demo-backend.js';

// While the server is down Chromium logs each refused WebSocket attempt itself; the page's code logs nothing.
const SERVER_DOWN = [/WebSocket connection to '.*' failed/, /ERR_CONNECTION_REFUSED/];

const titles = (page: WatchedPage) => page.byTestId('notification-item').locator('.notification-title').allTextContents();

describe('the pages across a server restart on the same port', () => {
  let browser: Browser;
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  /** Starts the app, then (after `first.app.close()`) the same server again: port, secret, queue, and the env given. */
  const start = (env: Record<string, string> = {}) => startTestApp({ DEV_SIGN_IN: 'true', ...env }, 'browser-restart');
  const restart = (env: Record<string, string> = {}) =>
    start({ PORT: new URL(first!.url).port, JWT_SECRET: first!.config.jwtSecret, NOTIFICATIONS_QUEUE: first!.queue, ...env });
  const pages = new OpenPages(() => browser, () => first!.url);
  const open = (path: string) => pages.open(path);

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await pages.closeAll();
    await first?.stopApp();
    if (second) await second.close(); // same queue and schema as the first app: this deletes both
    else if (first) {
      await first.amqp.deleteQueues(first.queue);
      await dropSchema(first.config.inbox.databaseUrl ? first.config.inbox.schema : undefined);
    }
    await first?.amqp.close();
    first = second = undefined;
  });
  afterAll(() => browser?.close());

  it('PostgreSQL inbox: "reconnecting", back by themselves, what came meanwhile shown once, nothing twice, seen stays seen', async () => {
    first = await start(postgresInbox('browser_restart'));
    await first.consumer.ready();
    const admin = await open('/admin');
    const bob = await open('/');
    const handshakes = { admin: recordHandshakes(admin), bob: recordHandshakes(bob) };
    await Promise.all([devSignIn(admin), devSignIn(bob, 'bob')]);
    const before = await placeOrder(first, 'carol', 19.9);
    await follow(first, 'alice', 'bob');
    await waitForAttributes(admin, 'order-row', 'data-order-id', [before]);
    await admin.byTestId('mark-seen').click();
    await admin.byTestId('unseen-count').waitFor({ state: 'hidden' });
    await waitForText(bob, 'notification-item', /alice followed you/);
    const newest = async (token: string) => (await getJson(`${first!.url}/notifications/inbox?limit=1`, token)).body.items[0].cursor;
    const cursors = { admin: await newest(first.tokens.admin('ops')), bob: await newest(first.tokens.user('bob')) };

    await first.stopApp(); // emits server_shutdown, then closes every connection
    for (const page of [admin, bob]) await waitForState(page, /^reconnecting…/);
    expect(await admin.byTestId('connection-spinner').isVisible()).toBe(true);

    // While it is down, an order and a follow wait in RabbitMQ for the next server.
    const whileDown = 'ord_whiledown';
    first.amqp.publish(first.queue, 'order.created', { orderId: whileDown, userId: 'dave', total: 5, createdAt: new Date().toISOString() });
    first.amqp.publish(first.queue, 'user.followed', { followerId: 'erin', followeeId: 'bob', followedAt: new Date().toISOString() });

    second = await restart({ DATABASE_URL: first.config.inbox.databaseUrl!, DATABASE_SCHEMA: first.config.inbox.schema });
    for (const page of [admin, bob]) await waitForState(page, /^connected$/, 10_000);
    await second.consumer.ready();
    const after = await placeOrder(second, 'carol', 7.25);
    await follow(second, 'frank', 'bob');

    await waitForAttributes(admin, 'order-row', 'data-order-id', [after, whileDown, before]);
    expect(await attributesOf(admin, 'order-row', 'data-read')).toEqual(['false', 'false', 'true']);
    expect(await admin.byTestId('unseen-count').textContent()).toBe('2');
    await waitForAttributes(bob, 'notification-item', 'data-read', ['false', 'false', 'false']);
    expect(await titles(bob)).toEqual(['frank followed you', 'erin followed you', 'alice followed you']);
    expect(await bob.byTestId('bell-count').textContent()).toBe('3');
    // The first connect had no cursor (the list came over REST); every reconnect carried the newest one the page had,
    // with its sync point and a count the server found right (no replay from the sync point).
    for (const page of ['admin', 'bob'] as const) {
      const [firstConnect, ...reconnects] = handshakes[page];
      expect(firstConnect.cursor).toBeUndefined();
      expect(reconnects.length).toBeGreaterThan(0);
      expect(new Set(reconnects.map((auth) => auth.cursor))).toEqual(new Set([cursors[page]]));
      for (const auth of reconnects) expect(auth).toMatchObject({ since: expect.stringMatching(/\.\d+$/), received: expect.any(Number) });
    }
    const resumes = await scrape(second.url);
    expect(sample(resumes, 'notifications_inbox_resumes_total{result="after_cursor"}')).toBeGreaterThanOrEqual(2);
    expect(sample(resumes, 'notifications_inbox_resumes_total{result="gap_replayed"}')).toBe(0);
    expect(unexpectedErrors(pages.all, SERVER_DOWN)).toEqual([]);
  });

  it('in-memory inbox: the restarted server has lost it, so the dashboard reads its list again (inbox:reset) and takes the next order', async () => {
    first = await start();
    await first.consumer.ready();
    const admin = await open('/admin');
    await devSignIn(admin);
    const lost = await placeOrder(first, 'carol', 1);
    await waitForAttributes(admin, 'order-row', 'data-order-id', [lost]);

    await first.stopApp();
    await waitForState(admin, /^reconnecting…/);
    second = await restart();
    await waitForState(admin, /^connected$/, 10_000);
    await second.consumer.ready();
    // The cursor names the old store: the server answers inbox:reset and the page shows what the new inbox holds.
    await admin.byTestId('orders-empty').waitFor();
    const next = await placeOrder(second, 'carol', 19.9);
    await waitForAttributes(admin, 'order-row', 'data-order-id', [next]);
    const row = admin.byTestId('order-row').first();
    expect(await row.getByTestId('order-total').textContent()).toBe('$19.90');
    expect(await row.getByTestId('order-user').textContent()).toBe('carol');
    expect(await admin.byTestId('unseen-count').textContent()).toBe('1');
    expect(unexpectedErrors(pages.all, SERVER_DOWN)).toEqual([]);
  });
});
