import { randomBytes } from 'node:crypto';
import { RawWebSocket } from './helpers/raw-engine.js';
import { runMain, stop, waitForOutput } from './helpers/main-process.js';
import { TestTokens } from './helpers/tokens.js';

describe('the demo process: log output when piped (dist/src/main.js)', () => {
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
