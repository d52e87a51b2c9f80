import WebSocket from 'ws';

/**
 * A client that completes the Socket.IO handshake on a namespace and then stops
 * reading, while it keeps its TCP connection open and keeps answering the heartbeat
 * (it sends a pong every few seconds without reading the pings).
 */
export class StuckClient {
  private constructor(
    private readonly ws: WebSocket,
    private readonly keepAlive: NodeJS.Timeout,
  ) {}

  static async connect(baseUrl: string, namespace: string, token: string, ms = 5000): Promise<StuckClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('stuck client: no namespace connect')), ms);
      ws.on('error', reject);
      ws.on('message', (raw) => {
        const text = raw.toString();
        if (text.startsWith('0')) ws.send(`40${namespace},${JSON.stringify({ token })}`);
        if (text.startsWith(`40${namespace},`)) (clearTimeout(timer), resolve());
        if (text.startsWith(`44${namespace},`)) (clearTimeout(timer), reject(new Error(`refused: ${text}`)));
      });
    });
    ws.removeAllListeners('message');
    // Stop reading: the server's writes pile up in its buffers once the kernel's are full.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const keepAlive = setInterval(() => ws.send('3'), 5000);
    return new StuckClient(ws, keepAlive);
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.ws.terminate();
  }
}
