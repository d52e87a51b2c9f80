import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closeAllSockets, connectSocket } from './helpers/socket.js';
import { uniqueQueue } from './helpers/test-app.js';
import { AmqpTestClient } from './helpers/amqp.js';
import { postJson } from './helpers/http.js';
import { RawWebSocket } from './helpers/raw-engine.js';
import { TestTokens } from './helpers/tokens.js';

const MAIN = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));

interface Run {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they came. */
  output: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Runs the built demo (`npm run build` happens before jest in `npm test`). */
function runMain(env: Record<string, string>): Run {
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

/** The environment `npm run demo` starts main.js with (the VAR=value words of its script). */
function demoScriptEnv(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const command = (pkg.scripts.demo as string).split('&&').at(-1)!.trim();
  return Object.fromEntries(command.split(/\s+/).filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.split('=', 2)));
}

async function stop(run: Run): Promise<void> {
  run.child.kill('SIGTERM');
  await run.exited;
  const amqp = await AmqpTestClient.open();
  await amqp.deleteQueues(run.output().match(/consuming (\S+)/)?.[1] ?? 'none');
  await amqp.close();
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
      // Dev sign-in is opt-in: a fresh `npm start` has no token mint.
      expect((await postJson(`${url}/dev/token`, { role: 'admin' })).status).toBe(404);
      expect(run.output()).toMatch(/Dev sign-in is off: paste one of these tokens on the pages, or run `npm run demo`/);
      expect(run.output()).not.toMatch(/DEV SIGN-IN IS ON/);
    } finally {
      await stop(run);
    }
  });

  it('`npm run demo` starts with dev sign-in on, says so loudly, and the mint works', async () => {
    const env = demoScriptEnv();
    expect(env).toEqual({ NODE_ENV: 'development', JWT_SECRET: '', DEV_SIGN_IN: 'true' });
    const run = runMain(env);
    try {
      const [, port] = await waitForOutput(run, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
      expect(run.output()).toMatch(/WARN.*DEV SIGN-IN IS ON \(DEV_SIGN_IN=true\): POST \/dev\/token gives an admin token to anyone/);
      const minted = await postJson(`http://127.0.0.1:${port}/dev/token`, { role: 'admin' });
      expect(minted.status).toBe(200);
      expect((await connectSocket(`http://127.0.0.1:${port}`, minted.body.token)).connected).toBe(true);
    } finally {
      await stop(run);
    }
  });

  it('refuses DEV_SIGN_IN=true with NODE_ENV=production', async () => {
    const run = runMain({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), DEV_SIGN_IN: 'true' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('DEV_SIGN_IN=true is refused with NODE_ENV=production');
    expect(run.output()).not.toMatch(/Listening on/);
  });

  describe.each(['production', 'development'])('JWT_SECRET strength with NODE_ENV=%s', (nodeEnv) => {
    const weak: [string, string][] = [
      ['32 spaces', ' '.repeat(32)],
      ['32 x "a"', 'a'.repeat(32)],
      ['"abab…"', 'ab'.repeat(16)],
      ['a space inside', 'k7Qp2vX9mL4tR8wZ n3bF6hJ1cY5gD0sE'],
      ['a newline at the end', 'k7Qp2vX9mL4tR8wZn3bF6hJ1cY5gD0sE\n'],
      ['31 characters', 'k7Qp2vX9mL4tR8wZn3bF6hJ1cY5gD0s'],
    ];

    it(`refuses ${weak.map(([label]) => label).join(', ')}: each exits 1 with the reason`, async () => {
      const runs = weak.map(([, secret]) => runMain({ NODE_ENV: nodeEnv, JWT_SECRET: secret }));
      const codes = await Promise.all(runs.map((run) => run.exited));
      expect(codes).toEqual(weak.map(() => 1));
      for (const run of runs) {
        expect(run.output()).toMatch(/Invalid configuration:\s+- JWT_SECRET is too weak: it .*openssl rand -hex 32/);
        expect(run.output()).not.toMatch(/Listening on/);
      }
    });

    it('starts with a random one', async () => {
      const run = runMain({ NODE_ENV: nodeEnv, JWT_SECRET: randomBytes(32).toString('hex') });
      try {
        await waitForOutput(run, /Listening on http:\/\/127\.0\.0\.1:\d+/);
      } finally {
        await stop(run);
      }
    });
  });

  describe('log output when piped', () => {
    /** A refused handshake with the token under a percent-encoded key (row 6), to have a warning logged. */
    async function refusedHandshake(port: string, secret: string): Promise<string> {
      const token = new TestTokens(`${secret}-not-this-one`).admin('log-probe');
      const socket = await RawWebSocket.open(`http://127.0.0.1:${port}`, { rawQuery: `tok%65n=${token}` });
      expect((await socket.connect('/notifications')).error?.data?.code).toBe('TOKEN_INVALID');
      socket.close();
      return token;
    }

    it('has no ANSI escape codes, and no token fragment', async () => {
      const secret = randomBytes(32).toString('hex');
      const run = runMain({ NODE_ENV: 'production', JWT_SECRET: secret });
      try {
        const [, port] = await waitForOutput(run, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
        const token = await refusedHandshake(port!, secret);
        await waitForOutput(run, /Rejected handshake TOKEN_INVALID/);
        expect(run.output()).toMatch(/WARN \[NotificationsGateway\] Rejected handshake TOKEN_INVALID from \S+ over websocket, token in query/);
        expect(run.output()).not.toMatch(/\x1b\[/);
        expect(run.output()).not.toContain(token.split('.')[1]);
        expect(run.output()).not.toContain(token.split('.')[2]);
      } finally {
        await stop(run);
      }
    });

    it('is one JSON object per line with LOG_FORMAT=json, dev banner included', async () => {
      const run = runMain({ NODE_ENV: 'development', LOG_FORMAT: 'json' });
      try {
        const [, port] = await waitForOutput(run, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
        await waitForOutput(run, /Dev sign-in is off/);
        await refusedHandshake(port!, 'unused');
        await waitForOutput(run, /Rejected handshake TOKEN_INVALID/);
        const lines = run.stdout().split('\n').filter(Boolean);
        const entries = lines.map((line) => JSON.parse(line));
        expect(entries.length).toBeGreaterThan(5);
        for (const entry of entries) expect(entry).toEqual(expect.objectContaining({ level: expect.any(String), message: expect.anything() }));
        expect(entries.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^User token {2}\(alice\): ey/)]));
        expect(entries.find((e) => /Rejected handshake/.test(e.message))).toMatchObject({ level: 'warn', context: 'NotificationsGateway' });
        expect(run.output()).not.toMatch(/\x1b\[/);
      } finally {
        await stop(run);
      }
    });

    it('reports configuration errors as JSON too', async () => {
      const run = runMain({ LOG_FORMAT: 'json', JWT_SECRET: 'short' });
      expect(await run.exited).toBe(1);
      const entries = run.output().split('\n').filter(Boolean).map((line) => JSON.parse(line));
      expect(entries).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/^Invalid configuration:\n {2}- JWT_SECRET is too weak/) })]);
    });
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
