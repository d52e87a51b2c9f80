import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { AmqpTestClient } from './helpers/amqp.js';
import { getJson, postJson } from './helpers/http.js';
import { exitWithin, listeningUrl, runMain, waitForOutput, type MainRun } from './helpers/main-process.js';
import { DATABASE_URL, uniqueSchema } from './helpers/postgres.js';
import { BackgroundStream, tearDownRun } from './helpers/demo-run.js';
import { ResumingClient } from './helpers/resuming-client.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

const run = promisify(execFile);
const PG_VERSION = readdirSync('/etc/postgresql')[0];
const pgctl = (action: 'stop' | 'start') => run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_VERSION, 'main', action]);
/** Starts PostgreSQL unless it runs (after a test that failed while it was stopped). */
async function ensurePostgres(): Promise<void> {
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  if (!/\bonline\b/.test(stdout)) await pgctl('start');
}

interface Report {
  sent: number;
  delivered: number;
  duplicated: number;
  lost: number;
  inboxDuplicated: number;
  inboxLost: number;
}

/** The built demo on a fixed port with a PostgreSQL inbox, restartable with the same env. */
class Gateway {
  readonly secret = randomBytes(32).toString('hex');
  readonly tokens = new TestTokens(this.secret);
  readonly queue = uniqueQueue('noloss');
  readonly schema = uniqueSchema('noloss');
  process?: MainRun;
  url = '';

  async start(port: number): Promise<void> {
    this.process = runMain({
      PORT: String(port),
      JWT_SECRET: this.secret,
      NOTIFICATIONS_QUEUE: this.queue,
      DATABASE_URL,
      DATABASE_SCHEMA: this.schema,
      AMQP_RECONNECT_SECONDS: '1',
    });
    this.url = await listeningUrl(this.process);
    await waitForOutput(this.process, /consuming/);
  }

  async stop(): Promise<void> {
    if (this.process && this.process.child.exitCode === null && this.process.child.signalCode === null) {
      this.process.child.kill('SIGTERM');
      await exitWithin(this.process, 15_000);
    }
  }
}

/** Every user's notifications, from what its client showed and from its inbox (REST). */
async function report(gateway: Gateway, clients: ResumingClient[], sent: number): Promise<Report> {
  const result: Report = { sent, delivered: 0, duplicated: 0, lost: 0, inboxDuplicated: 0, inboxLost: 0 };
  for (const [u, client] of clients.entries()) {
    const expected = Math.ceil((sent - u) / clients.length);
    result.delivered += client.distinct;
    result.duplicated += client.duplicates;
    result.lost += expected - client.distinct;
    const { body } = await getJson(`${gateway.url}/notifications/inbox?limit=100`, gateway.tokens.user(`u${u}`));
    const seq = body.items.map((item: { data: { i: number } }) => item.data.i);
    result.inboxDuplicated += seq.length - new Set(seq).size;
    result.inboxLost += expected - new Set(seq).size;
  }
  return result;
}

describe('no notification lost (the built demo, PostgreSQL inbox, clients that resume with their cursor)', () => {
  let gateway: Gateway;
  let amqp: AmqpTestClient;
  let clients: ResumingClient[] = [];
  let stream: BackgroundStream | undefined;

  beforeEach(async () => {
    gateway = new Gateway();
    amqp = await AmqpTestClient.open();
  });
  afterEach(async () => {
    const stop = async () => {
      await gateway.stop();
      await ensurePostgres();
    };
    await tearDownRun({ stream, clients, stop, schema: gateway.schema, queue: gateway.queue, amqp });
    stream = undefined;
  });

  async function connectUsers(count: number): Promise<void> {
    for (let u = 0; u < count; u++) clients.push(await ResumingClient.connect(gateway.url, gateway.tokens.user(`u${u}`)));
  }
  const shown = () => clients.reduce((sum, c) => sum + c.shown.length, 0);
  const publish = (i: number) => amqp.publish(gateway.queue, 'notification.send', { type: 'seq', data: { i }, userIds: [`u${i % clients.length}`] }, `m-${i}`);
  /** Publishes `total` in the background, `batch` every `everyMs`; `sent` says how far it got. */
  const streamInBackground = (total: number, batch: number, everyMs: number) => (stream = new BackgroundStream(publish, total, batch, everyMs));
  const exactlyOnce = (n: number) => ({ sent: n, delivered: n, duplicated: 0, lost: 0, inboxDuplicated: 0, inboxLost: 0 });
  const allDelivered = (sent: number) =>
    waitUntil(() => clients.every((c, u) => c.distinct === Math.ceil((sent - u) / clients.length)), 'every client has every notification', 60_000);

  it('SIGKILL in the middle of 5,000 messages to 200 users, then a restart: every notification exactly once', async () => {
    const port = await TcpProxy.freePort();
    await gateway.start(port);
    await connectUsers(200);
    for (let i = 0; i < 5000; i++) publish(i);
    await waitUntil(() => shown() >= 1500, 'a third has arrived', 30_000);
    gateway.process!.child.kill('SIGKILL');
    expect(await exitWithin(gateway.process!, 10_000)).toBeNull();
    const atKill = shown();
    await gateway.start(port);
    await allDelivered(5000);
    const result = await report(gateway, clients, 5000);
    console.log(`SIGKILL at ${atKill} shown: ${JSON.stringify(result)}`);
    expect(atKill).toBeLessThan(5000);
    expect(result).toEqual(exactlyOnce(5000));
  }, 120_000);

  it('PostgreSQL stopped for 10 s mid-stream: messages wait in RabbitMQ, HTTP answers 503, then all arrive once', async () => {
    await gateway.start(0);
    await connectUsers(50);
    const stream = streamInBackground(3000, 10, 30); // ~330 per second, for ~9 s: before, during and after the outage
    await waitUntil(() => shown() >= 300, 'the stream is flowing', 20_000);
    await pgctl('stop');
    const downSince = Date.now();
    const stoppedAt = shown();
    await waitUntil(async () => (await getJson(`${gateway.url}/health`)).body.store === 'down', 'health reports the store down', 10_000);
    const push = await postJson(`${gateway.url}/notifications`, { type: 'during', broadcast: true }, gateway.tokens.admin());
    await waitUntil(async () => (await amqp.messageCount(gateway.queue)) > 200, 'messages wait in RabbitMQ', 15_000);
    const waiting = await amqp.messageCount(gateway.queue);
    const shownDuringOutage = shown() - stoppedAt;
    // The outage itself is a length of time, not an event: PostgreSQL stays down 10 s in all.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - downSince))));
    await pgctl('start');
    await waitUntil(() => stream.sent === 3000, 'the stream is published', 30_000);
    stream.stop();
    await allDelivered(3000);
    const result = await report(gateway, clients, 3000);
    console.log(`PostgreSQL outage: 503=${push.status}, ${waiting} waiting in RabbitMQ, ${shownDuringOutage} shown while down; ${JSON.stringify(result)}`);
    expect(push.status).toBe(503);
    expect(push.body.code).toBe('STORE_UNAVAILABLE');
    expect(await amqp.messageCount(`${gateway.queue}.dlq`)).toBe(0);
    expect(result).toEqual(exactlyOnce(3000));
  }, 120_000);

  it('rabbitmqctl close_all_connections mid-stream: every notification exactly once', async () => {
    await gateway.start(0);
    await connectUsers(50);
    const stream = streamInBackground(3000, 10, 20); // ~500 per second for ~6 s: the connections close in the middle
    await waitUntil(() => shown() >= 800, 'the stream is flowing', 30_000);
    stream.stop(); // this publisher's connection is about to be closed too
    await run('rabbitmqctl', ['close_all_connections', 'no-loss test']);
    const atClose = shown();
    // The test's own publisher was closed too: a new one sends the rest.
    await amqp.close();
    amqp = await AmqpTestClient.open();
    for (let i = stream.sent; i < 3000; i++) publish(i);
    await allDelivered(3000);
    await waitForOutput(gateway.process!, /consuming[\s\S]*consuming/); // it reconnected by itself
    const result = await report(gateway, clients, 3000);
    console.log(`close_all_connections at ${atClose} shown: ${JSON.stringify(result)}`);
    expect(atClose).toBeLessThan(3000);
    expect(result).toEqual(exactlyOnce(3000));
  }, 120_000);
});
