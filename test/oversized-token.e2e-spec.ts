import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { postJson } from './helpers/http.js';
import { pollingConnect, RawWebSocket } from './helpers/raw-engine.js';
import { closeAllSockets, connectError } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const TOO_LARGE = { code: 'TOKEN_INVALID', message: 'Token is not valid: larger than 8192 bytes' };

describe('oversized tokens (row 11)', () => {
  let t: TestApp;
  /** Signed with the right secret: only its size is wrong. */
  let big: string;
  let huge: string;
  beforeAll(async () => {
    t = await startTestApp({}, 'big-token');
    big = t.tokens.sign({ sub: 'big', roles: [], pad: randomBytes(7500).toString('base64url') }); // ~10 KB
    huge = t.tokens.sign({ sub: 'huge', roles: [], pad: randomBytes(75_000).toString('base64url') }); // ~100 KB
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it.each(['auth', 'header'] as const)('a 10 KB token in %s: connect_error Unauthorized, TOKEN_INVALID "larger than 8192 bytes"', async (via) => {
    const error = await connectError(t.url, big, { via });
    expect(error.message).toBe('Unauthorized');
    expect(error.data).toEqual(TOO_LARGE);
  });

  it('a 10 KB token in ?token= (under Node\'s 16 KB header limit): the same, over both transports', async () => {
    const ws = await RawWebSocket.open(t.url, { rawQuery: `token=${big}` });
    expect(await ws.connect('/notifications')).toEqual({ connected: false, error: { message: 'Unauthorized', data: TOO_LARGE } });
    ws.close();
    expect(await pollingConnect(t.url, '/notifications', { rawQuery: `token=${big}` })).toMatchObject({ error: { data: TOO_LARGE } });
  });

  it('a 10 KB bearer token over REST: 401 TOKEN_INVALID', async () => {
    const { status, body } = await postJson(`${t.url}/notifications`, { type: 't', broadcast: true }, big);
    expect(status).toBe(401);
    expect(body).toMatchObject(TOO_LARGE);
  });

  it('a 100 KB ?token=: Node answers 431 before any code of ours, so the client gets a transport error', async () => {
    await expect(RawWebSocket.open(t.url, { rawQuery: `token=${huge}` })).rejects.toMatchObject({ status: 431 });
    expect(await pollingConnect(t.url, '/notifications', { rawQuery: `token=${huge}` })).toEqual({ status: 431, connected: false });

    // What socket.io-client reports (the README says the same).
    const seen = await Promise.all(
      (['websocket', 'polling'] as const).map((transport) => {
        const socket = io(`${t.url}/notifications`, { query: { token: huge }, transports: [transport], reconnection: false, forceNew: true });
        return new Promise<{ message: string; description: string }>((resolve) =>
          socket.once('connect_error', (error: Error & { description?: unknown }) => {
            socket.close();
            resolve({ message: error.message, description: String((error.description as Error)?.message ?? error.description) });
          }),
        );
      }),
    );
    expect(seen).toEqual([
      { message: 'websocket error', description: 'Unexpected server response: 431' },
      { message: 'xhr poll error', description: '431' },
    ]);
  });

  it('socket.io-client itself refuses a URL over 8,000 characters ("URI too long"): pass the token in auth or query', () => {
    expect(() => io(`${t.url}/notifications?token=${huge}`, { autoConnect: false })).toThrow('URI too long');
  });

  it('a 100 KB token in auth.token is over the 64 KiB frame cap: the connection is closed before any code of ours runs', async () => {
    const socket = io(`${t.url}/notifications`, { auth: { token: huge }, transports: ['websocket'], reconnection: false, forceNew: true });
    const ended = await new Promise<string>((resolve) => {
      socket.once('connect_error', (error) => resolve(`connect_error: ${error.message}`));
      socket.once('disconnect', (reason) => resolve(`disconnect: ${reason}`));
    });
    socket.close();
    // socket.io-client calls it a disconnect although it never connected; with reconnection on it would retry.
    expect(ended).toBe('disconnect: transport close');
  });
});
