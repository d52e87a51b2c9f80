import { randomBytes } from 'node:crypto';
import { AmqpTestClient } from './helpers/amqp.js';
import { exitWithin, listeningUrl, memoryAfterGc, runMain, waitForOutput, type MainRun } from './helpers/main-process.js';
import { closeAllSockets, connectSocket, type ClientSocket } from './helpers/socket.js';
import { StuckClient } from './helpers/stuck-client.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';

const RATE = 2_000; // broadcasts per second, published at a fixed rate
const WARMUP = 4_000; // not measured: the server's JIT and pools warming up
const CALM = 6_000;
const FLOOD = Number(process.env.SLOW_FLOOD ?? 15_000);
const PAD = 'x'.repeat(1000); // ~1 KB per broadcast

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)];

/** Publishes `count` 1 KB broadcasts at RATE per second, stamped with the send time. */
async function publishAtRate(amqp: AmqpTestClient, queue: string, phase: string, count: number): Promise<void> {
  const started = Date.now();
  for (let sent = 0; sent < count; ) {
    const due = Math.min(count, Math.floor(((Date.now() - started) * RATE) / 1000));
    for (; sent < due; sent++) amqp.publish(queue, 'notification.send', { type: phase, data: { sentAt: Date.now(), pad: PAD }, broadcast: true });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the next tick of a fixed-rate publisher
  }
}

/** Resolves with the latencies of the `count` pushes of `phase` the healthy client receives. */
function latencies(socket: ClientSocket, phase: string, count: number, ms: number): Promise<number[]> {
  const seen: number[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${seen.length} of ${count} ${phase} pushes within ${ms} ms`)), ms);
    socket.on('notify', (envelope) => {
      if (envelope.type !== phase) return;
      seen.push(Date.now() - (envelope.data as { sentAt: number }).sentAt);
      if (seen.length === count) (clearTimeout(timer), resolve(seen));
    });
  });
}

describe('a client that never reads (the built demo process)', () => {
  let run: MainRun;
  let amqp: AmqpTestClient;
  let queue: string;

  beforeAll(async () => {
    amqp = await AmqpTestClient.open();
  });
  afterAll(async () => {
    closeAllSockets();
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGTERM');
      await exitWithin(run, 15_000);
    }
    await amqp.deleteQueues(queue);
    await amqp.close();
  });

  it('is cut loose at the buffer cap: server memory stays flat and a healthy client keeps its latency', async () => {
    queue = uniqueQueue('slow');
    const secret = randomBytes(32).toString('hex');
    const tokens = new TestTokens(secret);
    run = runMain({ JWT_SECRET: secret, NOTIFICATIONS_QUEUE: queue }, { memoryProbe: true });
    const url = await listeningUrl(run);
    await waitForOutput(run, /consuming/);
    const healthy = await connectSocket(url, tokens.user('healthy'));

    const warm = latencies(healthy, 'warmup', WARMUP, 60_000);
    await publishAtRate(amqp, queue, 'warmup', WARMUP);
    await warm;
    const calm = latencies(healthy, 'calm', CALM, 60_000);
    await publishAtRate(amqp, queue, 'calm', CALM);
    const calmLatency = p99(await calm);
    const before = await memoryAfterGc(run);

    const stuck = await StuckClient.connect(url, '/notifications', tokens.user('never-reads'));
    const flood = latencies(healthy, 'flood', FLOOD, 90_000);
    await publishAtRate(amqp, queue, 'flood', FLOOD);
    const floodLatency = p99(await flood);
    const after = await memoryAfterGc(run);
    stuck.close();

    const cut = run.output().match(/Cut loose a slow consumer \(user never-reads\): (\d+) bytes/);
    console.log(
      `slow consumer: ${FLOOD} x 1 KB broadcasts at ${RATE}/s; server after GC: heap ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} MiB, ` +
        `RSS ${mib(before.rss)} -> ${mib(after.rss)} MiB; ` +
        `healthy client p99 ${calmLatency} ms before, ${floodLatency} ms during; cut at ${cut?.[1]} bytes queued`,
    );
    expect(cut).not.toBeNull();
    // Without the cap the stuck socket holds the whole flood: about 20 MB of heap for 15,000 pushes.
    expect((after.heapUsed - before.heapUsed) / 2 ** 20).toBeLessThan(4);
    expect((after.rss - before.rss) / 2 ** 20).toBeLessThan(20);
    // Loose: p99 on this shared 2-core machine moves with whatever else runs; the figure is reported above.
    expect(floodLatency).toBeLessThan(Math.max(500, calmLatency * 5));
  }, 180_000);
});
