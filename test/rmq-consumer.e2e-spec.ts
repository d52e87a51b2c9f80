import { closeAllSockets, connectSocket, recordNotifications, waitForNotify } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('RabbitMQ consumer (plain amqplib publisher)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, 'rmq');
    await t.consumer.ready();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('user.followed -> notify to the followee only, with the event as data', async () => {
    const followee = await connectSocket(t.url, t.tokens.user('b-1'));
    const follower = await connectSocket(t.url, t.tokens.user('a-1'));
    const followerSeen = recordNotifications(follower);
    const arrival = waitForNotify(followee, 'user.followed');
    t.amqp.publish(t.queue, 'user.followed', { followerId: 'a-1', followeeId: 'b-1', followerName: 'Alice' });
    const envelope = await arrival;
    expect(envelope).toMatchObject({
      type: 'user.followed',
      data: { followerId: 'a-1', followeeId: 'b-1', followerName: 'Alice' },
      id: expect.any(String),
      createdAt: expect.any(String),
    });
    t.amqp.publish(t.queue, 'notification.send', { type: 'sentinel', userIds: ['a-1'] });
    await waitForNotify(follower, 'sentinel');
    expect(followerSeen.map((e) => e.type)).toEqual(['sentinel']);
  });

  it('order.created -> notify to every admin socket, not to users', async () => {
    const admin1 = await connectSocket(t.url, t.tokens.admin('ops-1'));
    const admin2 = await connectSocket(t.url, t.tokens.admin('ops-2'));
    const customer = await connectSocket(t.url, t.tokens.user('cust-1'));
    const customerSeen = recordNotifications(customer);
    const arrivals = [admin1, admin2].map((s) => waitForNotify(s, 'order.created'));
    t.amqp.publish(t.queue, 'order.created', { orderId: 'o-1042', userId: 'cust-1', total: 42.5 });
    for (const envelope of await Promise.all(arrivals)) {
      expect(envelope.data).toEqual({ orderId: 'o-1042', userId: 'cust-1', total: 42.5 });
    }
    t.amqp.publish(t.queue, 'notification.send', { type: 'sentinel', userIds: ['cust-1'] });
    await waitForNotify(customer, 'sentinel');
    expect(customerSeen.map((e) => e.type)).toEqual(['sentinel']);
  });

  it('notification.send targets users, roles and everyone like the REST endpoint', async () => {
    const u = await connectSocket(t.url, t.tokens.user('ns-u'));
    const r = await connectSocket(t.url, t.tokens.user('ns-r', ['support']));
    const arrivals = [waitForNotify(u, 'to-user'), waitForNotify(r, 'to-role'), waitForNotify(u, 'to-all'), waitForNotify(r, 'to-all')];
    t.amqp.publish(t.queue, 'notification.send', { type: 'to-user', data: { n: 1 }, userIds: ['ns-u'] });
    t.amqp.publish(t.queue, 'notification.send', { type: 'to-role', roles: ['support'] });
    t.amqp.publish(t.queue, 'notification.send', { type: 'to-all', broadcast: true });
    const [toUser] = await Promise.all(arrivals);
    expect(toUser.data).toEqual({ n: 1 });
  });

  it('dead-letters every kind of bad message once, never requeues, and keeps consuming', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('survivor'));
    const before = t.logger.matching(/Dead-lettered/).length;
    const seen = recordNotifications(socket);
    // Valid JSON but for two bytes that are not UTF-8: decoded leniently, it was pushed with "\ufffd\ufffd" (row 10).
    const notUtf8 = Buffer.concat([Buffer.from('{"pattern":"notification.send","data":{"type":"not-utf8","userIds":["survivor"],"data":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const bad: [string, string | Buffer][] = [
      ['not JSON', '{this is not json'],
      ['empty body', ''],
      ['JSON array', '[1,2,3]'],
      ['no pattern', JSON.stringify({ data: { followeeId: 'survivor' } })],
      ['unknown pattern', JSON.stringify({ pattern: 'user.deleted', data: {} })],
      ['user.followed without followeeId', JSON.stringify({ pattern: 'user.followed', data: { followerId: 'x' } })],
      ['order.created with a string total', JSON.stringify({ pattern: 'order.created', data: { orderId: 'o', total: 'lots' } })],
      ['notification.send without a target', JSON.stringify({ pattern: 'notification.send', data: { type: 't' } })],
      ['a message over 64 KiB', JSON.stringify({ pattern: 'user.followed', data: { followerId: 'a', followeeId: 'survivor', pad: 'x'.repeat(70_000) } })],
      ['a body that is not valid UTF-8', notUtf8],
    ];
    for (const [, body] of bad) t.amqp.publishRaw(t.queue, body);
    t.amqp.publish(t.queue, 'notification.send', { type: 'after-poison', userIds: ['survivor'] });

    await waitForNotify(socket, 'after-poison');
    const dead = await t.amqp.take(t.dlq, bad.length);
    expect(dead.map((m) => m.content)).toEqual(bad.map(([, body]) => Buffer.from(body)));
    expect(dead.every((m) => m.properties.headers?.['x-death']?.[0]?.reason === 'rejected')).toBe(true);
    expect(await t.amqp.messageCount(t.queue)).toBe(0);

    const logged = t.logger.matching(/Dead-lettered/).slice(before);
    expect(logged).toHaveLength(bad.length);
    expect(logged.join('\n')).toMatch(/MALFORMED_MESSAGE[\s\S]*UNKNOWN_PATTERN[\s\S]*INVALID_PAYLOAD/);
    expect(logged.at(-1)).toMatch(/MALFORMED_MESSAGE \(.*body is not valid UTF-8\)/);
    expect(seen.map((e) => e.type)).toEqual(['after-poison']);
    expect(t.logger.matching(/^ERROR/)).toEqual([]);
  });

  it('delivers a burst in order, each message once', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('burst'));
    const seen = recordNotifications(socket);
    for (let i = 0; i < 500; i++) t.amqp.publish(t.queue, 'notification.send', { type: 'seq', data: { i }, userIds: ['burst'] });
    await waitForNotify(socket, 'seq', 10_000, (data) => data.i === 499);
    expect(seen.map((e) => e.data.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(await t.amqp.messageCount(t.queue)).toBe(0);
  });
});
