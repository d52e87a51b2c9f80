import WebSocket from 'ws';

/**
 * Engine.IO v4 / Socket.IO v5 spoken by hand, for what socket.io-client will not
 * send: a query string exactly as written (`?tok%65n=`), any Origin, binary
 * attachments, oversized frames. Text packets: "0" open, "2"/"3" ping/pong,
 * "4" message; inside a message "0" CONNECT, "4" CONNECT_ERROR, "5" BINARY_EVENT.
 */
export interface RawOptions {
  /** Appended to `?EIO=4&transport=…` as is, percent-encoding untouched. */
  rawQuery?: string;
  headers?: Record<string, string>;
}

/** What the server answered to a Socket.IO CONNECT. */
export interface ConnectOutcome {
  connected: boolean;
  error?: { message: string; data?: { code: string; message: string } };
}

const engineUrl = (baseUrl: string, transport: string, { rawQuery }: RawOptions, sid?: string) =>
  `${baseUrl}/socket.io/?EIO=4&transport=${transport}${sid ? `&sid=${sid}` : ''}${rawQuery ? `&${rawQuery}` : ''}`;

/** The CONNECT packet for a namespace, with the auth payload socket.io-client would send. */
export const connectPacket = (namespace: string, auth?: object): string =>
  `40${namespace === '/' ? '' : `${namespace},`}${auth ? JSON.stringify(auth) : ''}`;

function outcomeOf(packet: string): ConnectOutcome {
  const body = packet.slice(packet.search(/[{]|$/));
  if (packet.startsWith('40')) return { connected: true };
  if (packet.startsWith('44')) return { connected: false, error: JSON.parse(body) };
  throw new Error(`not a CONNECT answer: ${packet.slice(0, 80)}`);
}

/** One raw WebSocket transport: every text message is kept, pings are answered. */
export class RawWebSocket {
  readonly messages: (string | Buffer)[] = [];
  /** Resolves with the close code once the connection is gone, whoever closed it. */
  readonly closed: Promise<number>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? (data as Buffer) : data.toString();
      if (message === '2') return ws.send('3');
      this.messages.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.on('error', () => undefined); // a refused upgrade ends in 'close' too
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  /** Opens the transport; rejects with the HTTP status when the upgrade is refused. */
  static open(baseUrl: string, options: RawOptions = {}): Promise<RawWebSocket> {
    const ws = new WebSocket(engineUrl(baseUrl.replace(/^http/, 'ws'), 'websocket', options), { headers: options.headers });
    const socket = new RawWebSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
      socket.next().then(() => resolve(socket), reject); // the "0{sid…}" open packet
    });
  }

  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The next message the server sends (bounded). */
  async next(ms = 3000): Promise<string | Buffer> {
    const deadline = Date.now() + ms;
    while (!this.messages.length) {
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) throw new Error(`no message within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
        this.closed.then(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.messages.shift()!;
  }

  async connect(namespace: string, auth?: object): Promise<ConnectOutcome> {
    this.send(connectPacket(namespace, auth));
    return outcomeOf(String(await this.next()));
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A full handshake over HTTP long-polling: open, CONNECT, read the answer. Returns the HTTP status if refused. */
export async function pollingConnect(
  baseUrl: string,
  namespace: string,
  options: RawOptions & { auth?: object } = {},
): Promise<ConnectOutcome & { status: number }> {
  const open = await fetch(engineUrl(baseUrl, 'polling', options), { headers: options.headers });
  const openBody = await open.text();
  if (!open.ok) return { status: open.status, connected: false };
  const { sid } = JSON.parse(openBody.slice(1));
  const url = engineUrl(baseUrl, 'polling', options, sid);
  const posted = await fetch(url, { method: 'POST', headers: options.headers, body: connectPacket(namespace, options.auth) });
  await posted.text();
  const answer = await (await fetch(url, { headers: options.headers })).text();
  await (await fetch(url, { method: 'POST', headers: options.headers, body: '1' })).text(); // Engine.IO close
  return { status: open.status, ...outcomeOf(answer.split('\x1e')[0]!) };
}
