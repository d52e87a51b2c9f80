import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { postJson } from './helpers/http.js';
import { MAIN, runMain, stop, waitForOutput } from './helpers/main-process.js';
import { closeAllSockets, connectSocket } from './helpers/socket.js';

/** The environment `npm run demo` starts main.js with (the VAR=value words of its script). */
function demoScriptEnv(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const command = (pkg.scripts.demo as string).split('&&').at(-1)!.trim();
  return Object.fromEntries(command.split(/\s+/).filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.split('=', 2)));
}

/** An address of this machine other than loopback (how a neighbour on the network reaches it). */
function outsideAddress(): string {
  const found = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal);
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to test from');
  return found.address;
}

/** The HTTP status of GET url, or the connection error's code (ECONNREFUSED when nothing listens there). */
const reach = (url: string) => fetch(url).then((r) => r.status, (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);

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
      // Dev sign-in is opt-in: a fresh `npm start` has no token mint, and serves every interface.
      expect((await postJson(`${url}/dev/token`, { role: 'admin' })).status).toBe(404);
      expect(await reach(`http://${outsideAddress()}:${port}/health`)).toBe(200);
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
      // The mint hands out admin tokens: only this machine can reach it.
      expect(run.output()).toMatch(/bound to 127\.0\.0\.1 only: dev sign-in is on/);
      expect(await reach(`http://${outsideAddress()}:${port}/dev/token`)).toBe('ECONNREFUSED');
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
