import net, { type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server (RabbitMQ by default): the test decides when it
 * is reachable, can cut every open connection as a restart would, or hold what clients
 * send as a hung peer would.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Client side of each connection, and where it pipes to. */
  private readonly pairs = new Map<Socket, Socket>();
  private holding = false;
  private holdingAnswers = false;

  constructor(
    readonly port: number,
    private target = { host: '127.0.0.1', port: 5672 },
  ) {}

  /** A port nothing listens on yet (so connections to it are refused until start()). */
  static async freePort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      if (!this.holdingAnswers) upstream.pipe(client);
      if (!this.holding) client.pipe(upstream);
      this.pairs.set(client, upstream);
      client.on('close', () => (this.pairs.delete(client), upstream.destroy()));
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /**
   * Stops forwarding what clients send (it waits in the proxy, connections stay open),
   * as a peer that hangs would; answers still come back. New connections are held too.
   */
  hold(): void {
    if (this.holding) return;
    this.holding = true;
    for (const [client, upstream] of this.pairs) client.unpipe(upstream);
  }

  /** Forwards again, what waited first. */
  release(): void {
    if (!this.holding) return; // piping twice would send every byte twice
    this.holding = false;
    for (const [client, upstream] of this.pairs) client.pipe(upstream);
  }

  /**
   * Stops forwarding what the server answers (it waits in the proxy); what clients send
   * still reaches it, as over a link that is slow one way.
   */
  holdAnswers(): void {
    if (this.holdingAnswers) return;
    this.holdingAnswers = true;
    for (const [client, upstream] of this.pairs) upstream.unpipe(client);
  }

  /** Forwards answers again, what waited first. */
  releaseAnswers(): void {
    if (!this.holdingAnswers) return;
    this.holdingAnswers = false;
    for (const [client, upstream] of this.pairs) upstream.pipe(client);
  }

  /** New connections go to `target` from now on; open ones stay where they are (as a load balancer's do). */
  retarget(target: { host: string; port: number }): void {
    this.target = target;
  }

  /** Cuts every open connection; new ones are still accepted. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    if (this.server) await new Promise((resolve) => this.server!.close(resolve));
    this.server = undefined;
  }
}
