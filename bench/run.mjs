#!/usr/bin/env node
// Benchmark orchestrator: ours (Nest, dist/) vs baseline (bare socket.io), each server in its own
// process on core 0, load + publisher on core 1. `node bench/run.mjs [--quick] [--only=w1,w3]
// [--servers=ours,baseline] [--cpu-prof]`. Writes bench/results/latest.json + latency.svg
// (--quick: quick.json + quick-latency.svg, which are not committed). W5 needs rabbitmqctl
// (bench/lib/broker-gate.mjs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build.mjs';
import { killAll, logDir } from './lib/proc.mjs';
import { KIND_COLS, SUMMARY_COLS, W3_COLS, W5_COLS, kindRows, markdownTable, summaryRows, w3Rows, w5Rows } from './lib/report.mjs';
import { closeSession, openSession, settleGates } from './lib/session.mjs';
import { latencyChart } from './lib/svg.mjs';
import { pinned, pinningAvailable } from './lib/taskset.mjs';
import { medianOfRounds, w1Idle, w2Handshakes, w3Pushes, w4Broadcast, w5Drain } from './scenarios.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, def) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',') ?? def;
const only = opt('only', ['w1', 'w2', 'w3', 'w4', 'w5']);
const servers = opt('servers', ['ours', 'baseline']);
// Experiments (full mode unless --no-experiments): variants that test a proposed fix, per workload.
// The product already carries the fixes these experiments measured (KeyObject, plain handler
// listeners, exact-pattern lookup, batched acks); what stays shows the baseline with the same tricks.
const EXPERIMENTS = { w2: ['baseline-stringkey'], w3: ['baseline-ackbatch'], w5: ['baseline-ackbatch'] };
const experiments = !quick && !args.includes('--no-experiments') && !args.some((a) => a.startsWith('--servers='));
const amqpUrl = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const cpuProfDir = args.includes('--cpu-prof') ? path.join(benchDir, 'results', 'profiles') : undefined;
// Diagnostics: amqplib delivery/ack counters inside the servers (bench/lib/amqp-probe.mjs; W5 reports them).
const amqpProbe = args.includes('--amqp-probe') || opt('amqp-probe', [false])[0];
// --nice=<n>: the servers, load and publisher processes under `nice -n <n>`.
const nice = opt('nice', [process.env.BENCH_NICE])[0];
if (nice) process.env.BENCH_NICE = nice;

const PROFILES = {
  full: {
    w1: { sockets: 10_000, settleMs: 3000 },
    w2: { total: 5000, inflight: 200 },
    w3: { users: 2000, rates: [1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000], durationMs: 5000, warmupMs: 1000, extraAfterFail: 1 },
    w4: { sizes: [1000, 5000], reps: 5, burst: 20 },
    w5: { sockets: 2000, messages: 20_000, rounds: 3 },
  },
  quick: {
    w1: { sockets: 500, settleMs: 500 },
    w2: { total: 200, inflight: 50 },
    w3: { users: 500, rates: [500], durationMs: 3000, warmupMs: 0 },
    w4: { sizes: [200], reps: 1, burst: 3 },
    w5: { sockets: 200, messages: 2000, rounds: 1, timeoutMs: 30_000 }, // a stalled drain fails before the 110 s hard limit
  },
};
const cfg = PROFILES[quick ? 'quick' : 'full'];
// --w3-rates=1000,3000,5000: W3's rate steps (the inbox comparison holds PostgreSQL to 3,000/s).
if (opt('w3-rates')) cfg.w3 = { ...cfg.w3, rates: opt('w3-rates').map(Number) };
const RUNNERS = { w1: w1Idle, w2: w2Handshakes, w3: w3Pushes, w4: w4Broadcast, w5: w5Drain };
// Workloads whose server starts with the broker gated (see bench/lib/broker-gate.mjs).
const GATED = new Set(['w5']);

const hardLimit = setTimeout(() => { console.error(`bench: hard time limit reached; logs in ${logDir}`); killAll(); process.exit(2); }, (quick ? 110 : 45 * 60) * 1000);
hardLimit.unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130); });
process.on('exit', killAll);

function brokerReachable() {
  const u = new URL(amqpUrl);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port || 5672), timeout: 3000 });
    sock.once('connect', () => { sock.destroy(); resolve(); });
    sock.once('timeout', () => { sock.destroy(); reject(new Error(`RabbitMQ not reachable at ${u.host}`)); });
    sock.once('error', (e) => reject(new Error(`RabbitMQ not reachable at ${u.host}: ${e.message}`)));
  });
}

function machine() {
  const sh = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: 'utf8', timeout: 5000 }).trim(); } catch { return null; } };
  return {
    cpuModel: os.cpus()[0]?.model, nproc: os.availableParallelism(), memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, os: `${os.type()} ${os.release()}`, pinning: pinningAvailable() ? 'server on CPU 0, load + publisher on CPU 1 (taskset)' : 'none',
    nice: process.env.BENCH_NICE ?? null,
    lscpu: sh('lscpu', [])?.split('\n').slice(0, 12).join('\n') ?? null,
    packages: Object.fromEntries(['socket.io', 'socket.io-client', 'amqplib', 'jsonwebtoken', 'jose', '@nestjs/core', '@nestjs/jwt'].map((p) => {
      try { return [p, JSON.parse(fs.readFileSync(path.join(root, 'node_modules', p, 'package.json'), 'utf8')).version]; } catch { return [p, null]; }
    })),
  };
}

/** Prints the tables and writes the chart (also `--report-only`, from latest.json). */
function printReport(results, svgPath) {
  console.log(`\n${markdownTable(summaryRows(results), SUMMARY_COLS)}\n`);
  console.log(`${markdownTable(kindRows(results), KIND_COLS)}\n`);
  const w3 = results.workloads.w3;
  if (w3) {
    console.log(`${markdownTable(w3Rows(w3), W3_COLS)}\n`);
    // Every kind of the run (the inbox comparison has no baseline), experiments left out of the full run's chart.
    const kinds = Object.keys(w3).filter((k) => !EXPERIMENTS.w3.includes(k));
    const series = Object.fromEntries(kinds.map((k) => [k, w3[k].steps.map((s) => ({ rate: s.rate, ...s.latency }))]));
    const svg = latencyChart(series, { title: 'W3: RabbitMQ -> socket latency vs publish rate', subtitle: `${results.config.w3.users} users, ${results.machine.nproc} cores, ${results.machine.node}; solid p50, dashed p95, dotted p99` });
    fs.writeFileSync(svgPath, svg);
  }
  if (results.workloads.w5) console.log(`${markdownTable(w5Rows(results.workloads.w5), W5_COLS)}\n`);
  if (results.jwt) {
    const jwtRows = Object.entries(results.jwt.results).map(([k, v]) => { const [lib, tokens, c] = k.split(' | '); return { lib, tokens, c, ops: v.opsPerSec, us: v.cpuUsPerOp }; });
    console.log(markdownTable(jwtRows, [['lib', 'HS256 verify'], ['tokens', 'Tokens'], ['c', 'Concurrency'], ['ops', 'ops/s'], ['us', 'CPU us/op']]));
  }
}

async function main() {
  if (args.includes('--report-only')) {
    const prefix = opt('out', [quick ? 'quick' : 'latest'])[0];
    const file = path.join(benchDir, 'results', `${prefix}.json`);
    printReport(JSON.parse(fs.readFileSync(file, 'utf8')), path.join(benchDir, 'results', prefix === 'latest' ? 'latency.svg' : `${prefix}-latency.svg`));
    return;
  }
  const started = Date.now();
  const startLoad = os.loadavg().map((x) => Math.round(x * 100) / 100); // other work on the host adds noise
  ensureBuild();
  await brokerReachable();
  const results = { mode: quick ? 'quick' : 'full', startedAt: new Date().toISOString(), machine: machine(), config: cfg, workloads: {} };
  if (only.includes('w2')) {
    // W2's side question: JWT verification cost per library, in a process of its own on the server core.
    const jwtArgs = [path.join(benchDir, 'jwt-micro.mjs'), ...(quick ? ['--quick'] : [])];
    console.log('bench: JWT verification micro-benchmark');
    const [jwtCmd, ...jwtRest] = pinned(0, [process.execPath, ...jwtArgs]);
    results.jwt = JSON.parse(execFileSync(jwtCmd, jwtRest, { encoding: 'utf8', timeout: 300_000 }));
  }
  for (const w of only) {
    results.workloads[w] = {};
    const kinds = experiments ? [...servers, ...(EXPERIMENTS[w] ?? [])] : servers;
    // W5 runs `rounds` rounds, each a fresh server per kind, kinds interleaved round by round so a
    // busy spell on the host hits every kind; the verdicts use the median of the rounds.
    const rounds = cfg[w].rounds ? Number(opt('rounds', [cfg[w].rounds])[0]) : 1;
    const perRound = Object.fromEntries(kinds.map((k) => [k, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const kind of kinds) {
        const t0 = Date.now();
        const label = rounds > 1 ? `${w}-r${round}` : w;
        const s = await openSession(kind, label, { amqpUrl, cpuProfDir, amqpProbe, gated: GATED.has(w) });
        try {
          perRound[kind].push(await RUNNERS[w](s, cfg[w]));
        } finally {
          await closeSession(s);
        }
        console.log(`bench: ${w}${rounds > 1 ? ` round ${round}` : ''} ${kind} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
    for (const kind of kinds) {
      results.workloads[w][kind] = cfg[w].rounds ? { rounds: perRound[kind], median: medianOfRounds(perRound[kind]) } : perRound[kind][0];
    }
    if (cfg[w].rounds) results.config[w] = { ...cfg[w], rounds };
  }
  await settleGates();
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  results.machine.loadavg = { start: startLoad, end: os.loadavg().map((x) => Math.round(x * 100) / 100) };
  const outDir = path.join(benchDir, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const prefix = opt('out', [quick ? 'quick' : 'latest'])[0];
  results.summary = summaryRows(results);
  fs.writeFileSync(path.join(outDir, `${prefix}.json`), JSON.stringify(results, null, 2) + '\n');
  printReport(results, path.join(outDir, prefix === 'latest' ? 'latency.svg' : `${prefix}-latency.svg`));
  console.log(`\nbench: ${results.mode} run took ${results.durationSeconds} s; results in bench/results/${prefix}.json; server logs in ${logDir}`);
}

main().then(() => process.exit(0), async (error) => {
  console.error(`bench failed: ${error?.stack ?? error}\nserver/load logs: ${logDir}`);
  killAll();
  await settleGates().catch(() => {});
  process.exit(1);
});
