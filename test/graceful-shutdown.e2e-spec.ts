import { randomBytes } from 'node:crypto';
import { AmqpTestClient } from './helpers/amqp.js';
import { exitWithin, listeningUrl, runMain, waitForOutput } from './helpers/main-process.js';
import { closeAllSockets, connectSocket, type ClientSocket } from './helpers/socket.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';

const RUNS = Number(process.env.SHUTDOWN_RUNS ?? 10);
const MESSAGES = 10_000;
const USERS = 20;
/** SIGTERM once the clients hold this many: mid-stream, with most messages still to come. */
const SIGTERM_AFTER = 2_000;

interface RunResult {
  exitCode: number | null;
  received: number;
  acked: number;
  ackedNotDelivered: number;
  leftInQueue: number;
  toldShutdown: number;
  reasons: string[];
}

/** Every message still in the queue after the process exited: never acked. */
async function drainQueue(amqp: AmqpTestClient, queue: string): Promise<Set<number>> {
  const left = new Set<number>();
  for (let message = await amqp.channel.get(queue, { noAck: true }); message; message = await amqp.channel.get(queue, { noAck: true })) {
    left.add(JSON.parse(message.content.toString()).data.data.i);
  }
  return left;
}

async function oneRun(amqp: AmqpTestClient): Promise<RunResult> {
  const queue = uniqueQueue('sigterm');
  const secret = randomBytes(32).toString('hex');
  const tokens = new TestTokens(secret);
  const run = runMain({ JWT_SECRET: secret, NOTIFICATIONS_QUEUE: queue });
  try {
    const url = await listeningUrl(run);
    await waitForOutput(run, /consuming/);
    const received = new Set<number>();
    let reachedThreshold!: () => void;
    const threshold = new Promise<void>((resolve) => (reachedThreshold = resolve));
    const sockets: ClientSocket[] = [];
    let toldShutdown = 0;
    const reasons: string[] = [];
    for (let u = 0; u < USERS; u++) {
      const socket = await connectSocket(url, tokens.user(`u${u}`));
      socket.on('notify', (envelope) => {
        received.add((envelope.data as { i: number }).i);
        if (received.size === SIGTERM_AFTER) reachedThreshold();
      });
      socket.on('server_shutdown', () => toldShutdown++);
      socket.on('disconnect', (reason) => reasons.push(reason));
      sockets.push(socket);
    }
    for (let i = 0; i < MESSAGES; i++) amqp.publish(queue, 'notification.send', { type: 'seq', data: { i }, userIds: [`u${i % USERS}`] });
    await threshold;
    run.child.kill('SIGTERM');
    const exitCode = await exitWithin(run, 15_000);
    const left = await drainQueue(amqp, queue);
    const dead = await amqp.messageCount(`${queue}.dlq`);
    expect(dead).toBe(0);
    const ackedIds = Array.from({ length: MESSAGES }, (_, i) => i).filter((i) => !left.has(i));
    closeAllSockets();
    await amqp.deleteQueues(queue);
    return {
      exitCode,
      received: received.size,
      acked: ackedIds.length,
      ackedNotDelivered: ackedIds.filter((i) => !received.has(i)).length,
      leftInQueue: left.size,
      toldShutdown,
      reasons: [...new Set(reasons)],
    };
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
}

describe('SIGTERM in the middle of a stream (the built demo process)', () => {
  let amqp: AmqpTestClient;

  beforeAll(async () => {
    amqp = await AmqpTestClient.open();
  });
  afterAll(async () => {
    closeAllSockets();
    await amqp.close();
  });

  it(`loses nothing in ${RUNS} runs: every acked message was delivered, exit status 0, clients told to reconnect`, async () => {
    const results: RunResult[] = [];
    for (let r = 0; r < RUNS; r++) results.push(await oneRun(amqp));
    console.log(`graceful shutdown, ${RUNS} runs of ${MESSAGES} messages:\n${results.map((x, i) => `  run ${i + 1}: ${JSON.stringify(x)}`).join('\n')}`);
    for (const result of results) {
      expect(result).toMatchObject({ exitCode: 0, ackedNotDelivered: 0, toldShutdown: USERS, reasons: ['transport close'] });
      // Mid-stream: some were delivered and acked, and the rest waited in RabbitMQ for the next instance.
      expect(result.acked).toBeGreaterThanOrEqual(SIGTERM_AFTER);
      expect(result.leftInQueue).toBeGreaterThan(0);
      expect(result.acked + result.leftInQueue).toBe(MESSAGES);
    }
  }, 240_000);
});
