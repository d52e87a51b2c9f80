import { randomBytes } from 'node:crypto';
import { AmqpTestClient } from './helpers/amqp.js';
import { getJson } from './helpers/http.js';
import { exitWithin, listeningUrl, runMain, waitForOutput, type MainRun } from './helpers/main-process.js';
import { sample, scrape } from './helpers/metrics.js';
import { dropSchema, uniqueSchema } from './helpers/postgres.js';
import { closeAllSockets, connectError, connectSocket } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

const POSTGRES = { host: '127.0.0.1', port: 5432 };

/**
 * A window in which a shutdown is in progress and the HTTP server still takes
 * connections, with no sleep: the inbox's PostgreSQL is reached through a proxy the
 * test stops, so a RabbitMQ message stays in flight (it waits for the store), and the
 * shutdown waits for it (within the grace, SHUTDOWN_GRACE_SECONDS) until the test
 * restarts the proxy.
 */
describe('SIGTERM while a message is in flight (the built demo, PostgreSQL inbox behind a proxy)', () => {
  const secret = randomBytes(32).toString('hex');
  const tokens = new TestTokens(secret);
  let queue: string;
  let schema: string;
  let proxy: TcpProxy;
  let amqp: AmqpTestClient;
  let run: MainRun | undefined;

  beforeEach(async () => {
    queue = uniqueQueue('shutdown-refusal');
    schema = uniqueSchema('shutdown_refusal');
    proxy = new TcpProxy(await TcpProxy.freePort(), POSTGRES);
    await proxy.start();
    amqp = await AmqpTestClient.open();
  });

  afterEach(async () => {
    closeAllSockets();
    try {
      if (run && run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
      await proxy?.stop();
      await amqp?.deleteQueues(queue);
      await dropSchema(schema);
    } finally {
      await amqp?.close();
      run = undefined;
    }
  });

  /** The demo on the queue and schema of this test, its PostgreSQL behind the proxy; resolves once it consumes. */
  async function startDemo(graceSeconds: number): Promise<{ run: MainRun; url: string }> {
    const started = runMain({
      JWT_SECRET: secret,
      NOTIFICATIONS_QUEUE: queue,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
      DATABASE_SCHEMA: schema,
      INBOX_SWEEP_SECONDS: '3600', // no retention sweep to touch the store meanwhile
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    });
    const url = await listeningUrl(started);
    await waitForOutput(started, /Notification store ready \(PostgreSQL/);
    await waitForOutput(started, /RabbitMQ connected at .*, consuming/);
    return { run: started, url };
  }

  /** Makes the store unreachable, then publishes one message: it waits for the store, unacked. */
  async function messageInFlight(current: MainRun, url: string): Promise<void> {
    await proxy.stop();
    amqp.publish(queue, 'notification.send', { type: 'in-flight', data: { n: 1 }, userIds: ['stayer'] }, `m-${randomBytes(4).toString('hex')}`);
    await waitForOutput(current, /Notification store unavailable \(.*\); messages wait in RabbitMQ/);
    // The store may be found down (its idle connection cut) before the message is even consumed.
    const consumed = async () => sample(await scrape(url), 'notifications_rmq_messages_total{outcome="consumed"}');
    await waitUntil(async () => (await consumed()) === 1, 'the message is consumed');
  }

  it('refuses new sockets with SERVER_SHUTTING_DOWN, finishes the in-flight message, tells connected sockets, exits 0', async () => {
    // The window stays open until the proxy is back, even on a slow host.
    let url: string;
    ({ run, url } = await startDemo(30));

    // Already connected before the shutdown: what it sees, in order.
    const seen: string[] = [];
    const shutdownNotices: unknown[] = [];
    const reasons: string[] = [];
    const connected = await connectSocket(url, tokens.user('stayer'));
    connected.on('notify', (envelope) => seen.push(`notify ${envelope.type} ${typeof envelope.cursor}`));
    connected.on('server_shutdown', (notice) => (seen.push('server_shutdown'), shutdownNotices.push(notice)));
    connected.on('disconnect', (reason) => reasons.push(reason));

    // The store becomes unreachable; the next message waits for it, unacked, in flight.
    await messageInFlight(run, url);
    const metrics = await scrape(url);
    expect(sample(metrics, 'notifications_rmq_messages_total{outcome="consumed"}')).toBe(1);
    expect(sample(metrics, 'notifications_rmq_messages_total{outcome="acked"}')).toBe(0);

    run.child.kill('SIGTERM');
    await waitForOutput(run, /Shutting down \(grace 30000 ms\)/);

    // The window: the process still answers HTTP, and waits for the message.
    const health = await getJson(`${url}/health`);
    expect(health).toMatchObject({ status: 200, body: { store: 'down', sockets: 1 } });
    const refused = await connectError(url, tokens.user('latecomer'));
    expect(refused.message).toBe('Unavailable');
    expect(refused.data).toEqual({ code: 'SERVER_SHUTTING_DOWN', message: expect.any(String) });
    expect(run.child.exitCode).toBeNull();
    expect(seen).toEqual([]); // nothing finished yet, nobody told yet

    // The store comes back: the message is stored, pushed and acked, then the sockets are told.
    await proxy.start();
    expect(await exitWithin(run, 15_000)).toBe(0);
    await waitUntil(() => reasons.length > 0, 'the connected socket saw its connection close');
    expect(seen).toEqual(['notify in-flight string', 'server_shutdown']);
    expect(shutdownNotices).toEqual([{ code: 'SERVER_SHUTDOWN', message: expect.any(String) }]);
    expect(reasons).toEqual(['transport close']);
    expect(run.output()).toMatch(/Notification store reachable again/);
    expect(run.output()).not.toMatch(/still in progress after|Dead-lettered/);
    expect(await amqp.messageCount(queue)).toBe(0); // acked, not left for a redelivery
    expect(await amqp.messageCount(`${queue}.dlq`)).toBe(0);
  }, 90_000);

  it('past the grace, what is still in flight is left unacked: the next instance gets it again, stores and pushes it once', async () => {
    let url: string;
    ({ run, url } = await startDemo(1));
    await messageInFlight(run, url);
    run.child.kill('SIGTERM');
    expect(await exitWithin(run, 15_000)).toBe(0);
    expect(run.output()).toMatch(/1 message\(s\) still in progress after \d+ ms; left unacked, RabbitMQ delivers them again/);
    expect(run.output()).toMatch(/A message that waited for the notification store went back to/);
    expect(run.output()).not.toMatch(/Dead-lettered/);
    expect(await amqp.messageCount(queue)).toBe(1); // back in the queue, not lost
    expect(await amqp.messageCount(`${queue}.dlq`)).toBe(0);

    // The next instance, with the store reachable again.
    await proxy.start();
    ({ run, url } = await startDemo(10));
    const token = tokens.user('stayer');
    await waitUntil(async () => (await getJson(`${url}/notifications/inbox`, token)).body.items?.length > 0, 'the redelivered message is stored');
    const inbox = await getJson(`${url}/notifications/inbox`, token);
    expect(inbox.body.items.map((item: { type: string }) => item.type)).toEqual(['in-flight']);
    const metrics = await scrape(url);
    expect(sample(metrics, 'notifications_rmq_messages_total{outcome="redelivered"}')).toBe(1);
    expect(sample(metrics, 'notifications_rmq_messages_total{outcome="acked"}')).toBe(1);
    expect(await amqp.messageCount(queue)).toBe(0);
  }, 90_000);
});
