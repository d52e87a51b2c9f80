// Child processes of the bench: pinned, with a raised fd limit, an IPC channel and bounded lifetimes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pinned } from './taskset.mjs';

const children = new Set();
// BENCH_NICE=<n> (run.mjs --nice=<n>): children run under `nice -n <n>`; a negative n (root) keeps
// other work on a shared host from taking the bench's cores. RabbitMQ is not reniced.
const niceArgs = () => (process.env.BENCH_NICE ? ['nice', '-n', process.env.BENCH_NICE] : []);
export const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-logs-'));

/** A free loopback port (tiny race until the server binds it; fine on a bench host). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node <nodeArgs> <script>` pinned to `cpu`, stdout/stderr to a log file, IPC open.
 * Returns { child, name, log, request(msg, timeoutMs), stop() }.
 */
export function startNode({ name, script, nodeArgs = [], env = {}, cpu }) {
  const log = path.join(logDir, `${name}.log`);
  const out = fs.openSync(log, 'a');
  const argv = pinned(cpu, [...niceArgs(), process.execPath, ...nodeArgs, script]);
  // `ulimit -n` is raised in a shell that then execs the pinned node (fds and IPC survive exec).
  const child = spawn('bash', ['-c', 'ulimit -n 65536 2>/dev/null || true; exec "$@"', 'bash', ...argv], {
    stdio: ['ignore', out, out, 'ipc'],
    env: { ...process.env, ...env },
  });
  fs.closeSync(out);
  children.add(child);
  let exited = false;
  const exitedP = new Promise((resolve) => child.once('exit', (code, sig) => { exited = true; children.delete(child); resolve({ code, sig }); }));
  let seq = 0;
  const pending = new Map();
  child.on('message', (msg) => {
    const p = msg && pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    clearTimeout(p.timer);
    msg.error ? p.reject(new Error(`${name}: ${msg.error}`)) : p.resolve(msg);
  });
  exitedP.then(({ code, sig }) => {
    for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error(`${name} exited (${code ?? sig}); see ${log}`)); }
    pending.clear();
  });
  return {
    child, name, log, done: exitedP,
    request(msg, timeoutMs = 60_000) {
      if (exited) return Promise.reject(new Error(`${name} is not running; see ${log}`));
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${name}: ${msg.cmd} timed out after ${timeoutMs} ms`)); }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        child.send({ ...msg, id });
      });
    },
    /** {cmd:'exit'} over IPC first (lets --cpu-prof write), then SIGTERM, then SIGKILL. */
    async stop(graceMs = 4000) {
      if (exited) return;
      const waitExit = (ms) => Promise.race([exitedP, new Promise((r) => setTimeout(r, ms))]);
      try { child.send({ cmd: 'exit' }); } catch {}
      await waitExit(graceMs);
      if (exited) return;
      child.kill('SIGTERM');
      await waitExit(graceMs);
      if (!exited) child.kill('SIGKILL');
      await exitedP;
    },
  };
}

/** Kills every child still running (used on failure and at exit). */
export function killAll() {
  for (const c of children) { try { c.kill('SIGKILL'); } catch {} }
}

/** Polls GET /health until `ready(body)` (default: broker=connected); resolves with the body. */
export async function waitHealthy(url, timeoutMs = 30_000, ready = (body) => body.broker === 'connected') {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      const body = await res.json();
      if (ready(body)) return body;
      last = JSON.stringify(body);
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms (${last})`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
