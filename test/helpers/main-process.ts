import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AmqpTestClient } from './amqp.js';
import { TEST_METRICS_TOKEN } from './metrics.js';
import { uniqueQueue } from './test-app.js';

export const MAIN = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));
const MEMORY_PROBE = fileURLToPath(new URL('../scripts/memory-probe.mjs', import.meta.url));

export interface MainRun {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they came. */
  output: () => string;
  stdout: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Runs the built demo (`npm run build` happens before jest in `npm test`), with only the env given.
 * `memoryProbe`: the process answers `memoryAfterGc()`.
 */
export function runMain(env: Record<string, string>, { memoryProbe = false } = {}): MainRun {
  const args = memoryProbe ? ['--expose-gc', '--import', MEMORY_PROBE, MAIN] : [MAIN];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, PORT: '0', NOTIFICATIONS_QUEUE: uniqueQueue('main'), METRICS_TOKEN: TEST_METRICS_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk) => ((output += chunk), (stdout += chunk)));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, stdout: () => stdout, exited };
}

/** Resolves with the first match of `pattern` in the process output; rejects after `ms` with the output. */
export function waitForOutput(run: MainRun, pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = run.output().match(pattern);
      if (match) done(() => resolve(match));
    };
    const done = (finish: () => void) => {
      clearTimeout(timer);
      run.child.stdout!.off('data', check);
      run.child.stderr!.off('data', check);
      finish();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} in output:\n${run.output()}`))), ms);
    run.child.stdout!.on('data', check);
    run.child.stderr!.on('data', check);
    check();
  });
}

/** The URL the process listens on, once it says so. */
export async function listeningUrl(run: MainRun): Promise<string> {
  const [, port] = await waitForOutput(run, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return `http://127.0.0.1:${port}`;
}

/** Resolves with the exit code, or kills the process and rejects after `ms`. */
export async function exitWithin(run: MainRun, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`the process did not exit within ${ms} ms; output:\n${run.output()}`));
    }, ms);
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  external: number;
}

/** The process's memory right after a full GC (it must run with `memoryProbe`). */
export async function memoryAfterGc(run: MainRun): Promise<MemoryUsage> {
  const seen = (run.output().match(/MEMORY /g) ?? []).length;
  run.child.kill('SIGUSR2');
  const pattern = new RegExp(`(?:[\\s\\S]*?MEMORY (\\{[^\\n]*\\})){${seen + 1}}`);
  const [, json] = await waitForOutput(run, pattern, 5000);
  return JSON.parse(json) as MemoryUsage;
}

/** Stops the process and deletes the queue it consumed. */
export async function stop(run: MainRun): Promise<void> {
  run.child.kill('SIGTERM');
  await run.exited;
  const amqp = await AmqpTestClient.open();
  await amqp.deleteQueues(run.output().match(/consuming (\S+)/)?.[1] ?? 'none');
  await amqp.close();
}
