import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closeAllSockets, connectSocket } from './helpers/socket.js';
import { uniqueQueue } from './helpers/test-app.js';
import { AmqpTestClient } from './helpers/amqp.js';

const MAIN = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the built demo (`npm run build` happens before jest in `npm test`). */
function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', NOTIFICATIONS_QUEUE: uniqueQueue('main'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function waitForOutput(run: Run, pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
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

describe('the demo process (dist/src/main.js)', () => {
  afterEach(() => closeAllSockets());

  it('is built', () => {
    expect(existsSync(MAIN)).toBe(true);
  });

  it('without JWT_SECRET in development, prints a user and an admin token that connect at once', async () => {
    const run = runMain({ NODE_ENV: 'development' });
    try {
      const [, port] = await waitForOutput(run, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
      const [, userToken] = await waitForOutput(run, /User token\s+\(alice\): (\S+)/);
      const [, adminToken] = await waitForOutput(run, /Admin token \(ops\):\s+(\S+)/);
      const url = `http://127.0.0.1:${port}`;
      expect((await connectSocket(url, userToken)).connected).toBe(true);
      expect((await connectSocket(url, adminToken)).connected).toBe(true);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
      const amqp = await AmqpTestClient.open();
      await amqp.deleteQueues(run.output().match(/consuming (\S+)/)?.[1] ?? 'none');
      await amqp.close();
    }
  });

  it('in production without JWT_SECRET, refuses to start with a clear error', async () => {
    const run = runMain({ NODE_ENV: 'production' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('JWT_SECRET is required when NODE_ENV=production');
    expect(run.output()).not.toMatch(/Listening on/);
  });

  it('reports every invalid variable at start-up', async () => {
    const run = runMain({ PORT: 'http', AMQP_URL: 'redis://x', JWT_SECRET: 'short' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:[\s\S]*PORT[\s\S]*JWT_SECRET[\s\S]*AMQP_URL/);
  });
});
