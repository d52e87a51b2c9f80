// W6 (bench/cluster.mjs): N instances of the product sharing rooms through Redis, competing
// consumers of one queue, all on the server core; one load process holds the sockets, spread
// round-robin over the instances, and one publisher feeds the queue (both on the load core).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { freePort, sleep, startNode, waitHealthy } from './proc.mjs';
import { LOAD_CPU } from './session.mjs';
import { round1 } from './stats.mjs';
import { processCpuMs, sysMeter } from './sysstat.mjs';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cpuMs = (a, b) => (b.user - a.user + (b.system - a.system)) / 1000;

/** Starts `nodes` instances with `adapter`, the load and the publisher; throws (after cleaning up) if one fails. */
export async function openCluster({ nodes, adapter, label = adapter, amqpUrl, redisUrl, inbox, cpuProfDir, serverCpus }) {
  const id = randomBytes(4).toString('hex');
  const c = {
    redisUrl, queue: `bench.${id}.cluster.${adapter}.${nodes}`, redisName: `bench.cluster.${id}`,
    secret: randomBytes(32).toString('base64url'), servers: [], urls: [], procs: [],
  };
  try {
    // The publisher first: closeCluster deletes the queue through it, also when a node fails to start.
    c.pub = startNode({ name: `w6-${label}-${nodes}n-${id}-publisher`, script: path.join(benchDir, 'load/publisher.mjs'), cpu: LOAD_CPU });
    c.procs.push(c.pub);
    await c.pub.request({ cmd: 'init', amqpUrl, queue: c.queue }, 10_000);
    for (let i = 0; i < nodes; i++) {
      const port = await freePort();
      const env = {
        PORT: String(port), JWT_SECRET: c.secret, NOTIFICATIONS_QUEUE: c.queue, AMQP_URL: amqpUrl, NODE_ENV: 'production',
        REDIS_URL: redisUrl, REDIS_ADAPTER: adapter, REDIS_CHANNEL_PREFIX: c.redisName, REDIS_STREAM: c.redisName, INBOX: inbox, DATABASE_URL: '',
      };
      // `baseline`: the bare Socket.IO server (bench/baseline) with the sharded adapter, the same job.
      // `baseline-ackbatch`: the same with one `multiple` ack per batch of deliveries, as the product acks.
      const bare = adapter === 'baseline' || adapter === 'baseline-ackbatch';
      const script = bare ? 'baseline/server.mjs' : 'servers/ours.mjs';
      if (bare) Object.assign(env, { REDIS_ADAPTER: 'sharded', AMQP_RECONNECT_SECONDS: '0.25', BASELINE_ACK_BATCH: adapter === 'baseline-ackbatch' ? '1' : '0' });
      const server = startNode({ name: `w6-${label}-${nodes}n-${id}-node${i}`, script: path.join(benchDir, script), nodeArgs: ['--expose-gc', ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=w6-${label}-${nodes}n-node${i}.cpuprofile`] : [])], env, cpu: serverCpus[i % serverCpus.length] });
      c.servers.push(server);
      c.procs.push(server);
      c.urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(c.urls.map((url, i) => Promise.race([
      waitHealthy(url, 60_000),
      c.servers[i].done.then(({ code, sig }) => { throw new Error(`node ${i} exited (${code ?? sig}); see ${c.servers[i].log}`); }),
    ])));
    c.load = startNode({ name: `w6-${label}-${nodes}n-${id}-load`, script: path.join(benchDir, 'load/main.mjs'), nodeArgs: ['--max-old-space-size=8192'], cpu: LOAD_CPU });
    c.procs.push(c.load);
    await c.load.request({ cmd: 'init', urls: c.urls, secret: c.secret }, 10_000);
    c.redis = createClient({ url: redisUrl });
    c.redis.on('error', () => {});
    await c.redis.connect();
  } catch (error) {
    await closeCluster(c);
    throw error;
  }
  return c;
}

/** Connects `sockets` users (u0..) spread over the nodes; returns the sockets each node reports. */
export async function connectUsers(c, sockets) {
  const r = await c.load.request({ cmd: 'connect', count: sockets, roles: ['user'], inflight: 200 }, 600_000);
  if (r.failed) throw new Error(`W6: ${r.failed} sockets failed to connect (${r.firstError})`);
  const perNode = await Promise.all(c.urls.map(async (url) => (await (await fetch(`${url}/health`)).json()).sockets));
  return { connected: r.connected, perNode };
}

const cpuOfNodes = (c) => Promise.all(c.servers.map((s) => s.request({ cmd: 'cpu' })));

/** CPU of each node over `ms` with nothing published: what an instance costs just by running. */
export async function idleCpu(c, ms) {
  const a = await cpuOfNodes(c);
  const redis0 = processCpuMs('redis-server');
  await sleep(ms);
  const b = await cpuOfNodes(c);
  const redis1 = processCpuMs('redis-server');
  const wall = b[0].at - a[0].at;
  return {
    perNodeMsPerSec: a.map((x, i) => round1((cpuMs(x, b[i]) / wall) * 1000)),
    redisMsPerSec: redis0 === null ? null : round1(((redis1 - redis0) / wall) * 1000),
  };
}

/** Redis's own byte counters (INFO stats): what it read from and wrote to all its clients. */
async function redisBytes(redis) {
  const info = await redis.info('stats');
  const read = (name) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? NaN);
  return { in: read('total_net_input_bytes'), out: read('total_net_output_bytes') };
}

/** One open-loop step of targeted pushes at `rate` for `durationMs`; every receipt awaited (bounded). */
export async function pushStep(c, { rate, durationMs, users, run }) {
  await c.load.request({ cmd: 'track', run });
  await c.load.request({ cmd: 'cpuStart' });
  const a = await cpuOfNodes(c);
  const redis0 = processCpuMs('redis-server');
  const bytes0 = await redisBytes(c.redis);
  const sys = sysMeter();
  const pub = await c.pub.request({ cmd: 'rate', rate, durationMs, users, run }, durationMs + 60_000);
  const rec = await c.load.request({ cmd: 'collect', expected: pub.sent, lastSendUs: pub.lastSendUs, timeoutMs: 15_000 }, 30_000);
  const b = await cpuOfNodes(c);
  const redis1 = processCpuMs('redis-server');
  const bytes1 = await redisBytes(c.redis);
  const { machineBusyPct, brokerCpuPct } = sys.stop();
  const load = await c.load.request({ cmd: 'cpuStop' });
  const wall = b[0].at - a[0].at;
  const perNodeMs = a.map((x, i) => cpuMs(x, b[i]));
  const serverMs = perNodeMs.reduce((x, y) => x + y, 0);
  const redisMs = redis0 === null ? null : redis1 - redis0;
  const deliveries = Math.max(1, rec.received);
  return {
    rate, sent: pub.sent, achievedRate: pub.achievedRate, received: rec.received, lost: rec.lost, misrouted: rec.misrouted, stale: rec.stale,
    // CLOCK_MONOTONIC us of the first and last receipt: the clock of V8's profiles (profile-top.mjs --from/--to).
    latency: rec.latency, drainMs: rec.drainMs, windowMs: wall, firstUs: rec.firstUs, lastUs: rec.lastUs,
    serverCpuMs: Math.round(serverMs), serverCpuPer1000: round1((serverMs / deliveries) * 1000),
    // The kernel's part of it (system time): syscalls, wake-ups, the scheduler.
    serverSysPer1000: round1((a.reduce((s, x, i) => s + (b[i].system - x.system), 0) / 1000 / deliveries) * 1000),
    redisCpuPer1000: redisMs === null ? null : round1((redisMs / deliveries) * 1000),
    // Bytes Redis sent to / got from the instances per delivery: the adapter's work, free of CPU noise.
    redisOutPerDelivery: Math.round((bytes1.out - bytes0.out) / deliveries), redisInPerDelivery: Math.round((bytes1.in - bytes0.in) / deliveries),
    perNodeCpuPct: perNodeMs.map((ms) => round1((ms / wall) * 100)),
    // Voluntary context switches of all nodes per delivery: how often a process was woken for it.
    wakesPerDelivery: Math.round((a.reduce((s, x, i) => s + (b[i].wakes - x.wakes), 0) / deliveries) * 100) / 100,
    preemptedPerDelivery: Math.round((a.reduce((s, x, i) => s + (b[i].preempted - x.preempted), 0) / deliveries) * 100) / 100,
    serverCorePct: round1((serverMs / wall) * 100), loadCpuPct: load.cpuPct, publisherCpuPct: pub.pubCpu.cpuPct,
    brokerCpuPct, machineBusyPct,
  };
}

/** Stops every process, deletes the queue (+ .dlq/.dlx) and the Redis stream; never throws. */
export async function closeCluster(c) {
  if (c.load) await c.load.request({ cmd: 'close' }, 10_000).catch(() => {});
  await Promise.all(c.servers.map((s) => s.stop()));
  if (c.pub) {
    await c.pub.request({ cmd: 'cleanup', queues: [c.queue, `${c.queue}.dlq`], exchanges: [`${c.queue}.dlx`] }, 10_000).catch(() => {});
  }
  for (const p of c.procs) await p.stop();
  await c.redis?.quit().catch(() => {});
  const redis = createClient({ url: c.redisUrl });
  redis.on('error', () => {});
  await redis.connect().then(() => redis.del(c.redisName)).then(() => redis.quit()).catch(() => {});
}
