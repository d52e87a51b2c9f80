#!/usr/bin/env node
// W6, cost against node count: `node bench/cluster.mjs [--quick] [--nodes=1,2,4] [--adapters=sharded,streams]
// [--sockets=4000] [--rate=2000] [--seconds=10] [--rounds=3] [--inbox=off|on] [--out=cluster] [--cpu-prof] [--per-node]
// [--warmup=5000 (messages per instance)]`. Adapter `baseline`: the bare Socket.IO server (bench/baseline)
// with the sharded adapter, the reference for how cost grows with nodes without the product.
// --per-node: --sockets and --rate are per instance (weak scaling: every node as busy as the single one),
// instead of totals split over the instances. Full runs with totals add a control (--no-control drops
// it): one instance alone with the share of the load each instance has in the largest cluster, which
// tells the cost of a lower rate per instance apart from the cost of the adapter.
// Per adapter and node count: that many instances of the product (dist/) on the server core, the
// same sockets and the same rate of targeted pushes in total. Writes bench/results/<out>.json and
// <out>.svg (--quick: cluster-quick.*, not committed). Needs RabbitMQ and Redis.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build.mjs';
import { clusterChart } from './lib/cluster-chart.mjs';
import { closeCluster, connectUsers, idleCpu, openCluster, pushStep } from './lib/cluster-session.mjs';
import { killAll, logDir, sleep } from './lib/proc.mjs';
import { markdownTable } from './lib/report.mjs';
import { median, round1 } from './lib/stats.mjs';
import { pinningAvailable } from './lib/taskset.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, def) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def;
const list = (name, def) => opt(name, def).split(',');
const cfg = {
  nodes: list('nodes', quick ? '1,2' : '1,2,4').map(Number),
  adapters: list('adapters', 'sharded,streams'),
  sockets: Number(opt('sockets', quick ? 400 : 4000)),
  rate: Number(opt('rate', quick ? 200 : 2000)),
  durationMs: Number(opt('seconds', quick ? 2 : 10)) * 1000,
  // Messages each instance handles before the step: V8 compiles per process, so a cluster
  // of four warmed for as long as one instance would be measured on colder code.
  warmupPerNode: Number(opt('warmup', quick ? 100 : 5000)),
  idleMs: quick ? 500 : 2000,
  rounds: Number(opt('rounds', quick ? 1 : 3)),
  // Off by default: the inbox costs the same per message at any node count (one write by the
  // instance that consumed it), so it would only blur what the adapter costs.
  inbox: opt('inbox', 'off'),
  // --server-cpus=0,1: instance i on CPU serverCpus[i % n] (default: all on CPU 0, the load on CPU 1).
  serverCpus: list('server-cpus', '0').map(Number),
  perNode: args.includes('--per-node'),
};
cfg.control = !quick && !cfg.perNode && !args.includes('--no-control') && Math.max(...cfg.nodes) > 1 && cfg.adapters.includes('sharded');
const share = Math.max(...cfg.nodes);
const load = (nodes) => (cfg.perNode ? { sockets: cfg.sockets * nodes, rate: cfg.rate * nodes } : { sockets: cfg.sockets, rate: cfg.rate });
const loadText = cfg.perNode ? `${cfg.sockets} sockets and ${cfg.rate}/s user.followed per instance` : `${cfg.sockets} sockets, ${cfg.rate}/s user.followed`;
const out = opt('out', quick ? 'cluster-quick' : 'cluster');
// --cpu-prof: a V8 profile per instance in bench/results/profiles/ (w6-<adapter>-<n>n-node<i>.cpuprofile).
const cpuProfDir = args.includes('--cpu-prof') ? path.join(benchDir, 'results', 'profiles') : undefined;
const amqpUrl = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const hardLimit = setTimeout(() => { console.error(`bench:cluster: hard time limit reached; logs in ${logDir}`); killAll(); process.exit(2); }, (quick ? 110 : 40 * 60) * 1000);
hardLimit.unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130); });
process.on('exit', killAll);

async function oneRun(adapter, nodes, round) {
  const control = adapter === 'control';
  const c = await openCluster({ nodes, adapter: control ? 'sharded' : adapter, label: `${adapter}-r${round}`, amqpUrl, redisUrl, inbox: cfg.inbox, cpuProfDir, serverCpus: cfg.serverCpus });
  try {
    const { sockets, rate } = control ? { sockets: Math.floor(cfg.sockets / share), rate: cfg.rate / share } : load(nodes);
    const connected = await connectUsers(c, sockets);
    // The warm-up also proves the cluster formed: its receipts are not judged, the step's are.
    const warm = await pushStep(c, { rate, durationMs: Math.ceil(((cfg.warmupPerNode * nodes) / rate) * 1000), users: sockets, run: round * 1000 });
    if (warm.lost || warm.misrouted) throw new Error(`W6 ${adapter} ${nodes} node(s): the warm-up lost ${warm.lost} and misrouted ${warm.misrouted}; the cluster did not form`);
    const idle = await idleCpu(c, cfg.idleMs);
    const step = await pushStep(c, { rate, durationMs: cfg.durationMs, users: sockets, run: round * 1000 + 1 });
    return { adapter, nodes, round, socketsPerNode: connected.perNode, idle, ...step };
  } finally {
    await closeCluster(c);
  }
}

/** Median of the rounds per (adapter, nodes), each metric on its own. */
function summarize(runs) {
  const rows = [];
  for (const adapter of [...cfg.adapters, ...(cfg.control ? ['control'] : [])]) {
    for (const nodes of adapter === 'control' ? [1] : cfg.nodes) {
      const rs = runs.filter((r) => r.adapter === adapter && r.nodes === nodes);
      const m = (f) => median(rs.map(f));
      rows.push({
        adapter, nodes, rounds: rs.length, delivered: rs.reduce((a, r) => a + r.received, 0), lost: rs.reduce((a, r) => a + r.lost, 0),
        misrouted: rs.reduce((a, r) => a + r.misrouted, 0), p50: m((r) => r.latency.p50), p99: m((r) => r.latency.p99),
        server: m((r) => r.serverCpuPer1000), redis: m((r) => r.redisCpuPer1000),
        // Summed per run, then the median: medians of the parts may come from different rounds.
        withRedis: m((r) => (r.redisCpuPer1000 === null ? null : round1(r.serverCpuPer1000 + r.redisCpuPer1000))), redisOut: m((r) => r.redisOutPerDelivery), redisIn: m((r) => r.redisInPerDelivery), busiest: m((r) => Math.max(...r.perNodeCpuPct)), kernel: m((r) => r.serverSysPer1000), wakes: m((r) => r.wakesPerDelivery), preempted: m((r) => r.preemptedPerDelivery),
        idle: m((r) => round1(r.idle.perNodeMsPerSec.reduce((a, x) => a + x, 0))), broker: m((r) => r.brokerCpuPct), machine: m((r) => r.machineBusyPct),
      });
    }
  }
  for (const r of rows) {
    const one = rows.find((x) => x.adapter === (r.adapter === 'control' ? 'sharded' : r.adapter) && x.nodes === Math.min(...cfg.nodes));
    r.vsOne = one?.server ? `${(r.server / one.server).toFixed(2)}x` : '–';
    r.vsOneWithRedis = one?.withRedis ? `${(r.withRedis / one.withRedis).toFixed(2)}x` : '–';
  }
  return rows;
}

const COLS = [['adapter', 'Adapter'], ['nodes', 'Nodes'], ['delivered', 'Delivered'], ['lost', 'Lost'], ['p50', 'p50 ms'], ['p99', 'p99 ms'],
  ['server', 'Server CPU ms / 1,000 (all nodes)'], ['vsOne', 'vs fewest nodes'], ['kernel', 'of which kernel'], ['redis', 'Redis CPU ms / 1,000'], ['withRedis', 'Servers + Redis'],
  ['vsOneWithRedis', 'vs fewest nodes'], ['redisOut', 'Redis bytes out / delivery'], ['redisIn', 'Redis bytes in / delivery'], ['wakes', 'Wakes / delivery'], ['preempted', 'Preempted / delivery'], ['busiest', 'Busiest node CPU %'], ['idle', 'Idle CPU ms/s (all nodes)'], ['broker', 'RabbitMQ CPU %']];

function verdict(rows) {
  const n = Math.max(...cfg.nodes);
  const one = rows.find((r) => r.adapter === 'sharded' && r.nodes === Math.min(...cfg.nodes));
  const many = rows.find((r) => r.adapter === 'sharded' && r.nodes === n);
  if (!one || !many || n === one.nodes) return null;
  const ratio = many.server / one.server;
  const ratioOf = (a) => {
    const [few, most] = [one.nodes, n].map((nodes) => rows.find((r) => r.adapter === a && r.nodes === nodes));
    return few && most ? Math.round((most.server / few.server) * 100) / 100 : undefined;
  };
  const bare = Object.fromEntries(['baseline', 'baseline-ackbatch'].map((a) => [a, ratioOf(a)]).filter(([, r]) => r !== undefined));
  return {
    ...(Object.keys(bare).length ? { baselineRatios: bare } : {}),
    target: `sharded${cfg.perNode ? ', same load per node' : ''}: server CPU per delivery at ${n} nodes <= 1.5x of ${one.nodes} node(s)`,
    ratio: Math.round(ratio * 100) / 100, met: ratio <= 1.5 && rows.every((r) => r.lost === 0 && r.misrouted === 0),
  };
}

async function main() {
  ensureBuild('bench:cluster');
  const started = Date.now();
  const startLoad = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const runs = [];
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const adapter of cfg.adapters) {
      for (const nodes of cfg.nodes) {
        const t0 = Date.now();
        const r = await oneRun(adapter, nodes, round);
        runs.push(r);
        console.log(`bench:cluster: round ${round} ${adapter} ${nodes} node(s): ${r.received}/${r.sent} delivered, p99 ${r.latency.p99} ms, server CPU ${r.serverCpuPer1000} ms/1,000 (kernel ${r.serverSysPer1000}), wakes ${r.wakesPerDelivery} + preempted ${r.preemptedPerDelivery} per delivery (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        await sleep(500);
      }
    }
    if (cfg.control) {
      const r = await oneRun('control', 1, round);
      runs.push(r);
      console.log(`bench:cluster: round ${round} control, 1 node with 1/${share} of the load: ${r.received}/${r.sent} delivered, server CPU ${r.serverCpuPer1000} ms/1,000 (kernel ${r.serverSysPer1000}), wakes ${r.wakesPerDelivery} per delivery`);
    }
  }
  const rows = summarize(runs);
  const results = {
    workload: 'w6', mode: quick ? 'quick' : 'full', startedAt: new Date(started).toISOString(), config: cfg,
    machine: { cpuModel: os.cpus()[0]?.model, nproc: os.availableParallelism(), node: process.version, pinning: pinningAvailable() ? `instances on CPU ${cfg.serverCpus.join(',')} (instance i on serverCpus[i % n]), load + publisher on CPU 1 (taskset); Redis and RabbitMQ not pinned` : 'none', loadavg: { start: startLoad, end: os.loadavg().map((x) => Math.round(x * 100) / 100) } },
    rows, verdict: verdict(rows), runs, durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  const dir = path.join(benchDir, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${out}.json`), JSON.stringify(results, null, 2) + '\n');
  const series = Object.fromEntries(cfg.adapters.map((a) => [a, rows.filter((r) => r.adapter === a).map((r) => ({ nodes: r.nodes, server: r.server, withRedis: r.withRedis }))]));
  fs.writeFileSync(path.join(dir, `${out}.svg`), clusterChart(series, {
    title: 'W6: CPU per 1,000 targeted deliveries vs instances',
    subtitle: `${loadText}, ${cfg.rounds} round(s), medians; ${results.machine.nproc} cores, ${process.version}`,
  }));
  const bytes = Object.fromEntries(cfg.adapters.map((a) => [a, rows.filter((r) => r.adapter === a).map((r) => ({ nodes: r.nodes, out: r.redisOut }))]));
  fs.writeFileSync(path.join(dir, `${out}-redis.svg`), clusterChart(bytes, {
    title: 'W6: bytes Redis sends to the instances per delivery', lines: [['out', '', 'Redis -> instances']], unit: 'B',
    subtitle: `${loadText}, ${cfg.rounds} round(s), medians (Redis INFO stats)`,
  }));
  console.log(`\n${markdownTable(rows, COLS)}\n`);
  if (results.verdict) console.log(`${results.verdict.target}: ${results.verdict.ratio}x, ${results.verdict.met ? 'met' : 'NOT met'}`);
  for (const [kind, ratio] of Object.entries(results.verdict?.baselineRatios ?? {})) console.log(`${kind} (bare Socket.IO, sharded adapter), same run: ${ratio}x`);
  const control = rows.find((r) => r.adapter === 'control');
  const many = rows.find((r) => r.adapter === 'sharded' && r.nodes === share);
  if (control && many) console.log(`control: one instance alone with 1/${share} of the load costs ${control.server} ms per 1,000 deliveries; ${share} instances sharing all of it cost ${many.server}`);
  console.log(`bench:cluster: ${results.mode} run took ${results.durationSeconds} s; results in bench/results/${out}.json, ${out}.svg and ${out}-redis.svg; logs in ${logDir}`);
  const lost = rows.reduce((a, r) => a + r.lost + r.misrouted, 0);
  if (lost) throw new Error(`${lost} deliveries lost or misrouted`);
}

main().then(() => process.exit(0), (error) => {
  console.error(`bench:cluster failed: ${error?.stack ?? error}\nlogs: ${logDir}`);
  killAll();
  process.exit(1);
});
