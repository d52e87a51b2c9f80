import { postJson } from './helpers/http.js';
import { closeAllSockets, connectError, connectSocket, waitForNotify } from './helpers/socket.js';
import { sample, scrape as scrapeUrl } from './helpers/metrics.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  const scrape = () => scrapeUrl(t.url);

  beforeAll(async () => {
    t = await startTestApp({}, 'metrics');
    await t.consumer.ready();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('counts what the traffic does: handshakes, sockets, pushes, RabbitMQ messages, dead letters', async () => {
    const before = await scrape();
    expect(sample(before, 'notifications_consumer_state{state="connected"}')).toBe(1);
    expect(sample(before, 'notifications_event_loop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(before, 'notifications_store_state{state="up"}')).toBe(1);
    expect(sample(before, 'notifications_store_state{state="down"}')).toBe(0);
    expect(before).toMatch(/^notifications_slow_socket_buffered_bytes \d+$/m);

    const socket = await connectSocket(t.url, t.tokens.user('counted'));
    await connectError(t.url, 'garbage');
    const arrivals = waitForNotify(socket, 'user.followed');
    t.amqp.publish(t.queue, 'user.followed', { followerId: 'a', followeeId: 'counted' });
    t.amqp.publishRaw(t.queue, 'not json');
    await arrivals;
    expect((await postJson(`${t.url}/notifications`, { type: 'promo', broadcast: true }, t.tokens.admin())).status).toBe(202);
    await t.amqp.take(t.dlq, 1);

    const after = await scrape();
    const grew = (series: string, by: number) => expect(sample(after, series) - sample(before, series)).toBe(by);
    grew('notifications_handshakes_total{result="ok"}', 1);
    grew('notifications_handshakes_total{result="TOKEN_INVALID"}', 1);
    grew('notifications_sockets_connected', 1);
    grew('notifications_pushed_total{type="user.followed",target="user"}', 1);
    grew('notifications_pushed_total{type="promo",target="broadcast"}', 1);
    grew('notifications_rmq_messages_total{outcome="consumed"}', 2);
    grew('notifications_rmq_messages_total{outcome="acked"}', 1);
    grew('notifications_rmq_dead_lettered_total{reason="MALFORMED_MESSAGE"}', 1);
  });

  it('counts client limits as they are applied', async () => {
    const admin = await connectSocket(t.url, t.tokens.admin('metered'));
    const before = await scrape();
    await Promise.all(Array.from({ length: 45 }, () => admin.timeout(5000).emitWithAck('notify', { type: 'x', userIds: ['n'] })));
    const after = await scrape();
    const limited = sample(after, 'notifications_client_limits_total{action="rate_limited"}') - sample(before, 'notifications_client_limits_total{action="rate_limited"}');
    expect(limited).toBeGreaterThanOrEqual(1);
    expect(limited).toBeLessThanOrEqual(5);
  });
});
