import { existsSync } from 'node:fs';
import { closeAllSockets, connectSocket } from './helpers/socket.js';
import { AmqpTestClient } from './helpers/amqp.js';
import { MAIN, runMain, waitForOutput } from './helpers/main-process.js';

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
