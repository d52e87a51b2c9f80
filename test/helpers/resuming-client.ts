import { io } from 'socket.io-client';
import type { InboxCheckAck, NotificationEnvelope } from '#notifications';
import { InboxResume } from '#notifications/client';
import type { ClientSocket } from './socket.js';

export interface ResumingClientOptions {
  /**
   * Send `since` and `received` with the cursor (the README's client). False: the cursor
   * alone, as clients written before `inbox:synced` do.
   */
  checked?: boolean;
  ms?: number;
}

/**
 * A client as the README says to write one, on the package's `InboxResume`: it
 * reconnects by itself and sends, before every reconnect, the greatest cursor it saw,
 * its last sync point and how many arrived after it, so the server replays what it
 * missed. It shows a notification once (by id) and counts what arrived twice.
 */
export class ResumingClient {
  /** Distinct notifications, in the order they first arrived. */
  readonly shown: NotificationEnvelope[] = [];
  /** Every `notify` that arrived, duplicates included. */
  arrivals = 0;
  /** Every id shown: a copy is dropped. */
  private readonly ids = new Set<string>();
  private readonly resume = new InboxResume();

  private constructor(
    readonly socket: ClientSocket,
    private readonly checked: boolean,
  ) {}

  static connect(baseUrl: string, token: string, { checked = true, ms = 10_000 }: ResumingClientOptions = {}): Promise<ResumingClient> {
    let client!: ResumingClient;
    const socket: ClientSocket = io(`${baseUrl}/notifications`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      // Called before every (re)connect, so it sends what the client has now.
      auth: (send) => send({ token, ...client?.handshake() }),
    });
    client = new ResumingClient(socket, checked);
    socket.on('notify', (envelope) => client.show(envelope));
    socket.on('connect', () => client.resume.connected());
    if (checked) socket.on('inbox:synced', (point) => client.resume.synced(point));
    socket.on('inbox:reset', () => client.resume.reset());
    // Ready once the server said where the connection counts from: what is stored after that reaches it.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (socket.close(), reject(new Error(`no connect and inbox:synced within ${ms} ms`))), ms);
      socket.once('inbox:synced', () => (clearTimeout(timer), resolve(client)));
    });
  }

  get distinct(): number {
    return this.shown.length;
  }

  /** Notifications the server sent this client more than once. */
  get duplicates(): number {
    return this.arrivals - this.distinct;
  }

  /** Resolves at the next `inbox:synced` (a connect or reconnect done, replay included). */
  nextSync(ms = 10_000): Promise<string> {
    const synced = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no inbox:synced within ${ms} ms`)), ms);
      this.socket.once('inbox:synced', ({ cursor }) => (clearTimeout(timer), resolve(cursor)));
    });
    // A test that fails before awaiting it must not leave a rejection to fail the next suite.
    synced.catch(() => undefined);
    return synced;
  }

  /** `inbox:check`, as the README's client runs it now and then; reconnects when `InboxResume` says so. */
  async check(): Promise<InboxCheckAck> {
    const request = this.socket.connected ? this.resume.checkRequest() : undefined;
    if (!request) throw new Error('inbox:check while not connected, or before this connection synced');
    const ack = await this.socket.timeout(5000).emitWithAck('inbox:check', request);
    if (this.resume.checked(request, ack) === 'reconnect') this.socket.disconnect().connect();
    return ack;
  }

  close(): void {
    this.socket.disconnect();
  }

  /** A client written before inbox:synced sends its cursor alone. */
  private handshake() {
    const auth = this.resume.handshake();
    return this.checked ? auth : auth.cursor ? { cursor: auth.cursor } : {};
  }

  private show(envelope: NotificationEnvelope): void {
    this.arrivals++;
    this.resume.seen(envelope); // every arrival, as the README's client: a copy on a new connection counts there
    if (this.ids.has(envelope.id)) return;
    this.ids.add(envelope.id);
    this.shown.push(envelope);
  }
}
