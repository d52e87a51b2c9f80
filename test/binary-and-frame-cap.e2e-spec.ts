import { NotificationsService } from '#notifications';
import { RawWebSocket } from './helpers/raw-engine.js';
import { openConnections, report, rssMiB } from './helpers/server-stats.js';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

const CAP = 64 * 1024; // the module's default (limits.maxPayloadBytes)

/** Resolves with the close code once the server closes the connection; rejects past `ms`. */
function closeCode(socket: RawWebSocket, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    socket.closed.then((code) => (clearTimeout(timer), resolve(code)));
  });
}

/** A BINARY_EVENT header announcing `attachments` buffers, as socket.io-client encodes one. */
const binaryHeader = (attachments: number, namespace = '') =>
  `45${attachments}-${namespace ? `${namespace},` : ''}${JSON.stringify(['notify', ...Array.from({ length: attachments }, (_, num) => ({ _placeholder: true, num }))])}`;

describe('binary attachments and the frame cap (row 3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, 'binary');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('20 unauthenticated connections announcing 10 attachments each are closed at the header, before anything is buffered', async () => {
    const baseline = await openConnections(t.app);
    const rssBefore = rssMiB();
    const sockets = await Promise.all(Array.from({ length: 20 }, () => RawWebSocket.open(t.url)));
    const chunk = Buffer.alloc(60 * 1024, 7); // under the frame cap: only the parser can refuse these
    for (const socket of sockets) {
      socket.send(binaryHeader(10));
      for (let i = 0; i < 9; i++) socket.send(chunk);
    }
    // Far sooner than the connect timeout (5 s): the decoder threw on the header.
    const codes = await Promise.all(sockets.map((socket) => closeCode(socket, 1500)));
    expect(codes.every((code) => code === 1005 || code === 1006)).toBe(true);
    await waitUntil(async () => (await openConnections(t.app)) <= baseline, 'the server holds none of them', 2000);
    report(`row 3 binary: 20 x 10 attachments announced, all closed at the header; RSS ${rssBefore} -> ${rssMiB()} MiB`);
  });

  it('a binary frame without a header closes the connection too', async () => {
    const socket = await RawWebSocket.open(t.url);
    socket.send(Buffer.from([1, 2, 3]));
    await closeCode(socket, 1500);
  });

  it('an authenticated socket sending an attachment is disconnected, and the server still serves the others', async () => {
    const bystander = await connectSocket(t.url, t.tokens.user('bystander'));
    const raw = await RawWebSocket.open(t.url);
    expect(await raw.connect('/notifications', { token: t.tokens.admin('sender') })).toEqual({ connected: true });
    raw.send(binaryHeader(1, '/notifications'));
    await closeCode(raw, 1500);
    const arrival = waitForNotify(bystander, 'still-here');
    await t.app.get(NotificationsService).toUser('bystander', 'still-here', {});
    await arrival;
    expect((await connectSocket(t.url, t.tokens.user('newcomer'))).connected).toBe(true);
  });

  it('a WebSocket frame over 64 KiB closes the connection (1009 Message Too Big), authenticated or not', async () => {
    const stranger = await RawWebSocket.open(t.url);
    stranger.send('4'.padEnd(CAP + 1, 'x'));
    expect(await closeCode(stranger, 1500)).toBe(1009);

    const admin = await RawWebSocket.open(t.url);
    expect(await admin.connect('/notifications', { token: t.tokens.admin() })).toEqual({ connected: true });
    admin.send(`42/notifications,${JSON.stringify(['notify', { type: 'big', broadcast: true, data: 'x'.repeat(CAP) }])}`);
    expect(await closeCode(admin, 1500)).toBe(1009);
  });

  it('a long-polling body over 64 KiB is refused with 413 and the session ends (Engine.IO close packet)', async () => {
    const open = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`);
    const { sid } = JSON.parse((await open.text()).slice(1));
    const url = `${t.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    const posted = await fetch(url, { method: 'POST', body: '4'.padEnd(CAP + 1, 'x') });
    expect(posted.status).toBe(413);
    await posted.text();
    expect(await (await fetch(url)).text()).toBe('1');
  });

  it('a notify just under the cap goes through', async () => {
    const admin = await connectSocket(t.url, t.tokens.admin('big-sender'));
    const target = await connectSocket(t.url, t.tokens.user('big-target'));
    const arrival = waitForNotify(target, 'large');
    const ack = await admin.timeout(5000).emitWithAck('notify', { type: 'large', userIds: ['big-target'], data: 'y'.repeat(CAP - 200) });
    expect(ack).toMatchObject({ ok: true });
    expect((await arrival).data).toHaveLength(CAP - 200);
  });
});
