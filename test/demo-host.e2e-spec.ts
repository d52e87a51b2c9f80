import { postJson } from './helpers/http.js';
import { closeAllSockets, connectSocket, recordNotifications, waitForNotify } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('demo host: business endpoints publish through RabbitMQ (Nest ClientProxy)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, 'demo');
    await t.consumer.ready();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('POST /follows -> 202, and the followee sees "user.followed" live', async () => {
    const bob = await connectSocket(t.url, t.tokens.user('bob'));
    const arrival = waitForNotify(bob, 'user.followed');
    const response = await postJson(`${t.url}/follows`, { followeeId: 'bob' }, t.tokens.user('alice'));
    expect(response.status).toBe(202);
    const envelope = await arrival;
    expect(envelope.data).toMatchObject({ followerId: 'alice', followeeId: 'bob', followedAt: expect.any(String) });
  });

  it('POST /orders -> 201 { orderId }, and every admin sees "order.created" with the total', async () => {
    const admin = await connectSocket(t.url, t.tokens.admin('ops'));
    const customer = await connectSocket(t.url, t.tokens.user('carol'));
    const customerSeen = recordNotifications(customer);
    const arrival = waitForNotify(admin, 'order.created');
    const response = await postJson(`${t.url}/orders`, { total: 99.9 }, t.tokens.user('carol'));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ orderId: expect.stringMatching(/^ord_/) });
    expect((await arrival).data).toMatchObject({ orderId: response.body.orderId, userId: 'carol', total: 99.9 });
    expect(customerSeen).toEqual([]);
  });

  it.each([
    ['/follows', {}, /followeeId/],
    ['/follows', { followeeId: 'alice' }, /yourself/],
    ['/orders', { total: -1 }, /total/],
    ['/orders', { total: '12' }, /total/],
  ])('POST %s with a bad body -> 400 with the reason', async (path, body, reason) => {
    const response = await postJson(`${t.url}${path}`, body, t.tokens.user('alice'));
    expect(response.status).toBe(400);
    expect(response.body.message.join(' ')).toMatch(reason);
  });

  it.each(['/follows', '/orders'])('POST %s without a token -> 401', async (path) => {
    const response = await postJson(`${t.url}${path}`, { followeeId: 'x', total: 1 });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('TOKEN_MISSING');
  });

  it("serves the library's client entry to the pages, as plain ES modules that load no package", async () => {
    for (const file of ['index.js', 'inbox-resume.js']) {
      const response = await fetch(`${t.url}/js/client/${file}`);
      expect({ file, status: response.status, type: response.headers.get('content-type') }).toEqual({
        file,
        status: 200,
        type: expect.stringMatching(/^(application|text)\/javascript/),
      });
      const code = await response.text();
      expect(code).not.toMatch(/^\s*import\b.*from\s*['"][^.]/m); // only relative imports
    }
    const entry = await (await fetch(`${t.url}/js/client/index.js`)).text();
    expect(entry).toContain("export { InboxResume } from './inbox-resume.js'");
    expect(await (await fetch(`${t.url}/js/inbox.js`)).text()).toContain("import { InboxResume } from './client/index.js'");
  });

  it('GET /health reports the broker link and the socket count', async () => {
    await connectSocket(t.url, t.tokens.user('h'));
    const health = await (await fetch(`${t.url}/health`)).json();
    expect(health).toEqual({ status: 'ok', broker: 'connected', store: 'up', sockets: 1 });
  });
});
