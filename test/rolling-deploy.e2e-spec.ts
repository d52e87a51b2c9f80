import { randomBytes } from 'node:crypto';
import type { NotificationEnvelope } from '#notifications';
import { AmqpTestClient } from './helpers/amqp.js';
import { getJson } from './helpers/http.js';
import { exitWithin, listeningUrl, runMain, waitForOutput, type MainRun } from './helpers/main-process.js';
import { sample, scrape } from './helpers/metrics.js';
import { DATABASE_URL, uniqueSchema } from './helpers/postgres.js';
import { BackgroundStream, tearDownRun } from './helpers/demo-run.js';
import { ResumingClient } from './helpers/resuming-client.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

const USERS = 50;
const TOTAL = 2000;
const PER_USER = TOTAL / USERS;

/** What the env of every instance of one deployment shares: secret, queue, inbox and Redis. */
class Deployment {
  readonly secret = randomBytes(32).toString('hex');
  readonly tokens = new TestTokens(this.secret);
  readonly queue = uniqueQueue('rolling');
  readonly schema = uniqueSchema('rolling');
  readonly prefix = `test.rolling.${randomBytes(4).toString('hex')}`;
  readonly instances: Instance[] = [];

  async start(): Promise<Instance> {
    const process = runMain({
      JWT_SECRET: this.secret,
      NOTIFICATIONS_QUEUE: this.queue,
      DATABASE_URL,
      DATABASE_SCHEMA: this.schema,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_ADAPTER: 'sharded',
      REDIS_CHANNEL_PREFIX: this.prefix,
      AMQP_RECONNECT_SECONDS: '1',
    });
    this.instances.push({ process, url: '' }); // stopped by afterEach even when it never comes up
    const url = await listeningUrl(process);
    await waitForOutput(process, /consuming/);
    this.instances.at(-1)!.url = url;
    return this.instances.at(-1)!;
  }

  async stopAll(): Promise<void> {
    for (const { process } of this.instances) {
      if (process.child.exitCode !== null || process.child.signalCode !== null) continue;
      process.child.kill('SIGTERM');
      await exitWithin(process, 15_000);
    }
  }
}

interface Instance {
  process: MainRun;
  url: string;
}

const expectedFor = (u: number) => Array.from({ length: PER_USER }, (_, k) => u + k * USERS);
const iOf = (envelope: NotificationEnvelope) => (envelope.data as { i: number }).i;
const seqOf = (envelopes: NotificationEnvelope[]) => envelopes.map(iOf).sort((x, y) => x - y);
const portOf = (instance: Instance) => ({ host: '127.0.0.1', port: Number(new URL(instance.url).port) });

describe('rolling deploy of two instances (sharded Redis, PostgreSQL inbox, clients behind one load balancer)', () => {
  let deployment: Deployment;
  let amqp: AmqpTestClient;
  let proxy: TcpProxy | undefined;
  let clients: ResumingClient[] = [];
  let stream: BackgroundStream | undefined;

  beforeEach(async () => {
    deployment = new Deployment();
    amqp = await AmqpTestClient.open();
  });
  afterEach(async () => {
    const stop = async () => {
      await deployment.stopAll();
      await proxy?.stop();
      proxy = undefined;
    };
    await tearDownRun({ stream, clients, stop, schema: deployment.schema, queue: deployment.queue, amqp });
    stream = undefined;
  });

  const shown = () => clients.reduce((sum, c) => sum + c.shown.length, 0);
  const publish = (i: number) =>
    amqp.publish(deployment.queue, 'notification.send', { type: 'seq', data: { i }, userIds: [`u${i % USERS}`] }, `m-${i}`);
  /** Per user, the `i`s its client has not shown (only users missing some). */
  const missing = () =>
    Object.fromEntries(
      clients
        .map((c, u) => {
          const seen = new Set(c.shown.map(iOf));
          return [`u${u}`, expectedFor(u).filter((i) => !seen.has(i))] as const;
        })
        .filter(([, gone]) => gone.length > 0),
    );

  it('B takes over mid-stream while A drains on SIGTERM: every client shows each of its notifications once, none lost', async () => {
    // Both consume from the start, so a socket on A gets pushes from A and, through Redis, from B: out of position order.
    const a = await deployment.start();
    const b = await deployment.start();
    proxy = new TcpProxy(await TcpProxy.freePort(), portOf(a));
    await proxy.start();
    const front = `http://127.0.0.1:${proxy.port}`;
    for (let u = 0; u < USERS; u++) clients.push(await ResumingClient.connect(front, deployment.tokens.user(`u${u}`)));

    // Faster than delivery: with a backlog, one user's pushes from A and B come close enough to cross.
    // At 10 per 30 ms delivery kept up and cursor-only clients never lost one; at this rate they lost 5-28 in 1 run of 3.
    stream = new BackgroundStream(publish, TOTAL, 30, 5);
    await waitUntil(() => shown() >= TOTAL / 3, 'a third has been shown', 30_000);
    const atDeploy = { shown: shown(), sent: stream.sent };
    // The load balancer sends new connections to B; A's clients learn of the shutdown and come over by themselves.
    proxy.retarget(portOf(b));
    a.process.child.kill('SIGTERM');
    expect(await exitWithin(a.process, 20_000)).toBe(0);

    await waitUntil(() => clients.every((c) => c.distinct === PER_USER), 'every client has all of its notifications', 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; not shown: ${JSON.stringify(missing())}`);
      },
    );
    const metrics = await scrape(b.url);
    const resumes = (result: string) => sample(metrics, `notifications_inbox_resumes_total{result="${result}"}`);
    const distinct = clients.reduce((sum, c) => sum + c.distinct, 0);
    const duplicates = clients.reduce((sum, c) => sum + c.duplicates, 0);
    console.log(
      `rolling deploy at ${atDeploy.shown} shown (${atDeploy.sent} sent): ${distinct} distinct of ${TOTAL}, ` +
        `${duplicates} sent twice; resumes on B: ${resumes('gap_replayed')} gap_replayed, ${resumes('after_cursor')} after_cursor`,
    );

    expect(atDeploy.sent).toBeLessThan(TOTAL);
    expect(missing()).toEqual({});
    for (const [u, client] of clients.entries()) {
      expect({ user: `u${u}`, seq: seqOf(client.shown) }).toEqual({ user: `u${u}`, seq: expectedFor(u) });
      const { status, body } = await getJson(`${b.url}/notifications/inbox?limit=100`, deployment.tokens.user(`u${u}`));
      expect(status).toBe(200);
      expect({ user: `u${u}`, inbox: body.items.length, seq: seqOf(body.items) }).toEqual({ user: `u${u}`, inbox: PER_USER, seq: expectedFor(u) });
    }
    expect(await amqp.messageCount(deployment.queue)).toBe(0);
    expect(await amqp.messageCount(`${deployment.queue}.dlq`)).toBe(0);
  }, 120_000);
});
