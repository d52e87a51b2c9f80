// One server under test (core 0) with its own queue, plus a load process and a publisher (core 1).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerGate } from './broker-gate.mjs';
import { cpuShare } from './cpu.mjs';
import { freePort, sleep, startNode, waitHealthy } from './proc.mjs';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Servers under test. The extra kinds are experiments (see bench/README.md), not part of the verdicts. */
export const SERVERS = {
  ours: { script: 'servers/ours.mjs' },
  baseline: { script: 'baseline/server.mjs' },
  'baseline-stringkey': { script: 'baseline/server.mjs', env: { BASELINE_JWT_STRING_SECRET: '1' } },
  'baseline-nodelay': { script: 'baseline/server.mjs', env: { BASELINE_AMQP_NODELAY: '1' } },
  'baseline-ackbatch': { script: 'baseline/server.mjs', env: { BASELINE_ACK_BATCH: '1' } },
  // The product from another build (BENCH_OURS_REF=<dir>/dist, made by bench/snapshot-ref.mjs): before/after in one run.
  'ours-ref': { script: 'servers/ours.mjs', env: { BENCH_OURS_DIST: process.env.BENCH_OURS_REF ?? '' } },
  // The inbox (issue 9): no store at all, and PostgreSQL in a schema of the session's own; `ours` has the memory store.
  'ours-nostore': { script: 'servers/ours.mjs', env: { INBOX: 'off' } },
  'ours-pg': { script: 'servers/ours.mjs', env: (queue) => ({ DATABASE_URL: BENCH_DATABASE_URL, DATABASE_SCHEMA: schemaFor(queue) }) },
};
const BENCH_DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const schemaFor = (queue) => `bench_${queue.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`.slice(0, 63);
// BENCH_OURS_REFS=name=<dir>/dist,...: one kind `ours-<name>` per build, for several variants in one run.
for (const [name, dist] of (process.env.BENCH_OURS_REFS ?? '').split(',').filter(Boolean).map((x) => x.split('='))) {
  SERVERS[`ours-${name}`] = { script: 'servers/ours.mjs', env: { BENCH_OURS_DIST: dist } };
}
const pendingRemovals = [];
/** Waits for the gate users of closed sessions to be deleted. */
export const settleGates = () => Promise.all(pendingRemovals.splice(0));
export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

/**
 * `gated`: the server starts with the broker refusing it (bench/lib/broker-gate.mjs) and retries
 * every 0.25 s; `s.gate.open()` lets it in. Otherwise the session waits for `broker: connected`.
 */
export async function openSession(kind, label, { amqpUrl, cpuProfDir, gated = false, amqpProbe = false } = {}) {
  const port = await freePort();
  const queue = `bench.${randomBytes(4).toString('hex')}.${kind}.${label}`;
  const secret = randomBytes(32).toString('base64url');
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = ['--expose-gc', ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${kind}-${label}.cpuprofile`] : [])];
  if (!SERVERS[kind]) throw new Error(`unknown server kind ${kind}`);
  if (kind === 'ours-ref' && !process.env.BENCH_OURS_REF) throw new Error('ours-ref needs BENCH_OURS_REF=<dir>/dist (see bench/snapshot-ref.mjs)');
  const procs = [];
  const s = { kind, label, url, queue, procs, secret, amqpProbe };
  try {
    if (gated) s.gate = brokerGate(amqpUrl);
    const gateCreated = s.gate?.create();
    gateCreated?.catch(() => {}); // awaited below, once the server is up
    const env = {
      // Only ours-pg gets a database: a DATABASE_URL in the shell must not reach the other kinds.
      PORT: String(port), JWT_SECRET: secret, NOTIFICATIONS_QUEUE: queue, AMQP_URL: s.gate?.url ?? amqpUrl, NODE_ENV: 'production', REDIS_URL: '', DATABASE_URL: '',
      ...(gated ? { AMQP_RECONNECT_SECONDS: '0.25' } : {}), ...(amqpProbe ? { BENCH_AMQP_PROBE: amqpProbe === true ? '1' : amqpProbe } : {}), ...serverEnv(kind, queue),
    };
    s.server = startNode({ name: `${kind}-${label}-server`, script: path.join(benchDir, SERVERS[kind].script), nodeArgs, env, cpu: SERVER_CPU });
    procs.push(s.server);
    const died = s.server.done.then(({ code, sig }) => { throw new Error(`${kind} server exited (${code ?? sig}) before it was healthy; see ${s.server.log}`); });
    const health = await Promise.race([waitHealthy(url, 30_000, gated ? () => true : undefined), died]);
    await gateCreated;
    died.catch(() => {});
    if (gated && health.broker === 'connected') throw new Error(`${kind} server connected through a closed gate (${s.gate.user})`);
    s.load = startNode({ name: `${kind}-${label}-load`, script: path.join(benchDir, 'load/main.mjs'), nodeArgs: ['--max-old-space-size=8192'], cpu: LOAD_CPU });
    s.pub = startNode({ name: `${kind}-${label}-publisher`, script: path.join(benchDir, 'load/publisher.mjs'), cpu: LOAD_CPU });
    procs.push(s.load, s.pub);
    await s.load.request({ cmd: 'init', url, secret }, 10_000);
    await s.pub.request({ cmd: 'init', amqpUrl, queue }, 10_000);
  } catch (error) {
    await closeSession(s);
    throw error;
  }
  s.mem = () => s.server.request({ cmd: 'mem' }, 30_000);
  /** Server CPU meter: returns stop() -> % of one core. */
  s.serverCpu = async () => {
    const a = await s.server.request({ cmd: 'cpu' });
    return { stop: async () => { const b = await s.server.request({ cmd: 'cpu' }); return cpuShare(a, b, b.at - a.at); } };
  };
  return s;
}

function serverEnv(kind, queue) {
  const env = SERVERS[kind].env;
  return typeof env === 'function' ? env(queue) : env;
}

/** Drops the PostgreSQL schema an `ours-pg` session used. */
async function dropSchemaOf(s) {
  if (s.kind !== 'ours-pg') return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schemaFor(s.queue)}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Stops everything of a session, in order, whatever state it is in; deletes its queues (and schema). */
export async function closeSession(s) {
  if (s.load) await s.load.request({ cmd: 'close' }, 10_000).catch(() => {});
  if (s.server) await s.server.stop();
  // The gate user goes in the background (rabbitmqctl takes ~0.8 s); run.mjs awaits settleGates().
  if (s.gate) pendingRemovals.push(s.gate.remove());
  if (s.pub) {
    await s.pub.request({ cmd: 'cleanup', queues: [s.queue, `${s.queue}.dlq`], exchanges: [`${s.queue}.dlx`] }, 10_000).catch(() => {});
  }
  for (const p of s.procs) await p.stop();
  await dropSchemaOf(s).catch((error) => console.error(`bench: could not drop the schema of ${s.queue}: ${error.message}`));
  await sleep(200);
}
