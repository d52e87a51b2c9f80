import { pollingConnect, RawWebSocket } from './helpers/raw-engine.js';
import { openConnections, report, rssMiB } from './helpers/server-stats.js';
import { closeAllSockets, connectSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

const CONNECT_TIMEOUT_MS = 5000; // the module's default (limits.connectTimeoutMs)
const MARGIN_MS = 2500;

/** Resolves with how long after `since` the server closed the connection; rejects past `ms`. */
async function closedWithin(socket: RawWebSocket, since: number, ms: number): Promise<number> {
  let timer!: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms)));
  try {
    await Promise.race([socket.closed, late]);
    return Date.now() - since;
  } finally {
    clearTimeout(timer);
  }
}

describe('only the namespace that authenticates (row 3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, 'root-namespace');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it.each([
    ['no token', undefined],
    ['a valid token', 'valid'],
  ])('refuses the root namespace "/" with %s: connect_error Invalid namespace / INVALID_NAMESPACE, both transports', async (_label, which) => {
    const auth = which ? { token: t.tokens.user('root-probe') } : undefined;
    const expected = {
      connected: false,
      error: { message: 'Invalid namespace', data: { code: 'INVALID_NAMESPACE', message: expect.stringMatching(/root namespace/) } },
    };
    const ws = await RawWebSocket.open(t.url);
    expect(await ws.connect('/', auth)).toEqual(expected);
    ws.close();
    expect(await pollingConnect(t.url, '/', { auth })).toEqual({ status: 200, ...expected });
  });

  it('refuses a namespace nothing serves (Socket.IO itself: Invalid namespace)', async () => {
    const ws = await RawWebSocket.open(t.url);
    expect(await ws.connect('/admin', { token: t.tokens.admin() })).toEqual({ connected: false, error: { message: 'Invalid namespace' } });
    ws.close();
  });

  it('500 root-namespace sockets are refused, then closed by the server at the connect timeout; connections back to baseline', async () => {
    const baseline = await openConnections(t.app);
    const rssBefore = rssMiB();
    const opened: { socket: RawWebSocket; at: number }[] = [];
    const openOne = async () => {
      const socket = await RawWebSocket.open(t.url);
      return { socket, at: Date.now() };
    };
    for (let i = 0; i < 500; i += 50) opened.push(...(await Promise.all(Array.from({ length: 50 }, openOne))));
    const outcomes = await Promise.all(opened.map(({ socket }) => socket.connect('/')));
    expect(outcomes.every((o) => o.error?.data?.code === 'INVALID_NAMESPACE')).toBe(true);
    // At least ours: the baseline may include a keep-alive connection of an earlier test, closing meanwhile.
    expect(await openConnections(t.app)).toBeGreaterThanOrEqual(500);
    const rssPeak = rssMiB();

    // The connect timeout runs from each Engine.IO connection's opening: closed at it, not before, every one.
    const after = await Promise.all(opened.map(({ socket, at }) => closedWithin(socket, at, CONNECT_TIMEOUT_MS + MARGIN_MS)));
    expect(Math.min(...after)).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    await waitUntil(async () => (await openConnections(t.app)) <= baseline, 'the server holds no connection of theirs', 2000);
    report(`row 3: 500 root sockets refused, closed ${Math.min(...after)}-${Math.max(...after)} ms after opening; RSS ${rssBefore} -> ${rssPeak} -> ${rssMiB()} MiB`);
  }, 30_000);

  it('closes an Engine.IO connection that never asks for a namespace, and one whose handshake was refused', async () => {
    const since = Date.now();
    const silent = await RawWebSocket.open(t.url);
    const refused = await RawWebSocket.open(t.url);
    expect((await refused.connect('/notifications', { token: 'garbage' })).error?.data?.code).toBe('TOKEN_INVALID');
    const [a, b] = await Promise.all([silent, refused].map((socket) => closedWithin(socket, since, CONNECT_TIMEOUT_MS + MARGIN_MS)));
    expect(Math.min(a!, b!)).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
  }, 15_000);

  it('leaves authenticated sockets alone past the connect timeout', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('stays'));
    const raw = await RawWebSocket.open(t.url);
    expect(await raw.connect('/notifications', { token: t.tokens.user('stays-raw') })).toEqual({ connected: true });
    const probe = await RawWebSocket.open(t.url); // refused at the timeout: once it is gone, the others have lived past it
    await closedWithin(probe, Date.now(), CONNECT_TIMEOUT_MS + MARGIN_MS);
    expect(socket.connected).toBe(true);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.close();
  }, 15_000);
});
