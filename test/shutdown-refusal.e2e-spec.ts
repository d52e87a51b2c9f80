import { randomBytes } from 'node:crypto';
import { AmqpTestClient } from './helpers/amqp.js';
import { getJson } from './helpers/http.js';
import { exitWithin, listeningUrl, runMain, waitForOutput, type MainRun } from './helpers/main-process.js';
import { dropSchema, uniqueSchema } from './helpers/postgres.js';
import { closeAllSockets, connectError, connectSocket } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

const POSTGRES = { host: '127.0.0.1', port: 5432 };
/** A Prometheus sample's value; 0 when the series has not appeared yet. */
const sample = (text: string, series: string): number =>
  Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1] ?? 0);

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

  it('refuses new sockets with SERVER_SHUTTING_DOWN, finishes the in-flight message, tells connected sockets, exits 0', async () => {
    run = runMain({
      JWT_SECRET: secret,
      NOTIFICATIONS_QUEUE: queue,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
      DATABASE_SCHEMA: schema,
      INBOX_SWEEP_SECONDS: '3600', // no retention sweep to touch the store meanwhile
      SHUTDOWN_GRACE_SECONDS: '30', // the window stays open until the proxy is back, even on a slow host
    });
    const url = await listeningUrl(run);
    await waitForOutput(run, /Notification store ready \(PostgreSQL/);
    await waitForOutput(run, /consuming/);

    // Already connected before the shutdown: what it sees, in order.
    const seen: string[] = [];
    const shutdownNotices: unknown[] = [];
    const reasons: string[] = [];
    const connected = await connectSocket(url, tokens.user('stayer'));
    connected.on('notify', (envelope) => seen.push(`notify ${envelope.type} ${typeof envelope.cursor}`));
    connected.on('server_shutdown', (notice) => (seen.push('server_shutdown'), shutdownNotices.push(notice)));
    connected.on('disconnect', (reason) => reasons.push(reason));

    // The store becomes unreachable; the next message waits for it, unacked, in flight.
    await proxy.stop();
    amqp.publish(queue, 'notification.send', { type: 'in-flight', data: { n: 1 }, userIds: ['stayer'] }, `m-${randomBytes(4).toString('hex')}`);
    await waitForOutput(run, /Notification store unavailable \(.*\); messages wait in RabbitMQ/);
    const metrics = await (await fetch(`${url}/metrics`)).text();
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
  });
});
