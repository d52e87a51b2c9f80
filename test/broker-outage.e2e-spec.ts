import { notificationsQueueOptions } from '#notifications';
import { postJson } from './helpers/http.js';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('RabbitMQ unreachable or going away', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    proxy = new TcpProxy(await TcpProxy.freePort());
    t = await startTestApp({ AMQP_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}`, AMQP_RECONNECT_SECONDS: '0.5' }, 'outage');
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
    await proxy.stop();
  });

  it('starts without the broker: HTTP and WebSocket serve, the log says the broker is unreachable', async () => {
    expect(await t.consumer.state()).not.toBe('connected');
    const health = (await (await fetch(`${t.url}/health`)).json()) as { status: string; broker: string };
    expect(health.status).toBe('ok');
    expect(health.broker).not.toBe('connected');

    const socket = await connectSocket(t.url, t.tokens.user('early'));
    const arrival = waitForNotify(socket, 'direct');
    const sent = await postJson(`${t.url}/notifications`, { type: 'direct', userIds: ['early'] }, t.tokens.admin());
    expect(sent.status).toBe(202);
    await arrival;

    const unreachable = t.logger.matching(/RabbitMQ unreachable at amqp:\/\/guest:\*\*\*@127\.0\.0\.1/);
    expect(unreachable).toHaveLength(1);
    expect(t.logger.text()).not.toContain('guest:guest');
  });

  it('a business endpoint answers 503 while the broker is unreachable, instead of hanging', async () => {
    const response = await postJson(`${t.url}/orders`, { total: 5 }, t.tokens.user('buyer'));
    expect(response.status).toBe(503);
  });

  it('connects when the broker comes up and delivers what was queued meanwhile', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('patient'));
    // Another producer, on the real broker, queued an event while the consumer was away.
    await t.amqp.channel.assertQueue(t.queue, notificationsQueueOptions(t.queue));
    t.amqp.publish(t.queue, 'user.followed', { followerId: 'x', followeeId: 'patient' });
    const arrival = waitForNotify(socket, 'user.followed', 10_000);

    await proxy.start();
    await t.consumer.ready();
    expect((await arrival).data).toMatchObject({ followeeId: 'patient' });
    expect(await t.consumer.state()).toBe('connected');
  });

  it('survives the broker dropping every connection, and consumes again after reconnecting', async () => {
    await t.consumer.ready();
    const socket = await connectSocket(t.url, t.tokens.user('steady'));
    proxy.dropConnections();
    t.amqp.publish(t.queue, 'user.followed', { followerId: 'y', followeeId: 'steady' });
    expect((await waitForNotify(socket, 'user.followed', 15_000)).data).toMatchObject({ followerId: 'y' });
    expect(t.logger.matching(/Disconnected from RMQ|disconnect/i).length).toBeGreaterThan(0);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
