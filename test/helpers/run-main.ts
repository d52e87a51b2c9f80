import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AmqpTestClient } from './amqp.js';
import { uniqueQueue } from './test-app.js';

export const MAIN = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

export interface Run {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they came. */
  output: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Runs the built demo (`npm run build` happens before jest in `npm test`). */
export function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', NOTIFICATIONS_QUEUE: uniqueQueue('main'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk) => ((output += chunk), (stdout += chunk)));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, stdout: () => stdout, exited };
}

export function waitForOutput(run: Run, pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = run.output().match(pattern);
      if (match) return done(() => resolve(match));
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

/** Stops the process and deletes the queue it consumed. */
export async function stop(run: Run): Promise<void> {
  run.child.kill('SIGTERM');
  await run.exited;
  const amqp = await AmqpTestClient.open();
  await amqp.deleteQueues(run.output().match(/consuming (\S+)/)?.[1] ?? 'none');
  await amqp.close();
}
