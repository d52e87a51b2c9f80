import { io } from 'socket.io-client';
import type { InboxCheckAck, InboxSynced, NotificationEnvelope, ResumeAuth } from '#notifications';
import type { ClientSocket } from './socket.js';

const position = (cursor: string): number => Number(cursor.split('.').at(-1));

export interface ResumingClientOptions {
  /**
   * Send `since` and `received` with the cursor (the README's client). False: the cursor
   * alone, as clients written before `inbox:synced` do.
   */
  checked?: boolean;
  ms?: number;
}

/**
 * A client as the README says to write one: it reconnects by itself and sends, before
 * every reconnect, the greatest cursor it saw, its last sync point and how many arrived
 * after it, so the server replays what it missed. It shows a notification once
 * (by id) and counts what arrived twice.
 */
export class ResumingClient {
  /** Distinct notifications, in the order they first arrived. */
  readonly shown: NotificationEnvelope[] = [];
  /** Every `notify` that arrived, duplicates included. */
  arrivals = 0;
  /** Every id shown: a copy is dropped. */
  private readonly ids = new Set<string>();
  private cursor?: string;
  private since?: string;
  private scope?: string;
  /** Ids above `since` that came on the connection it was given on (or after a later check), with their positions. */
  private received = new Map<string, number>();
  /** What came on this connection before its inbox:synced; null once it came. */
  private early: Map<string, number> | null = null;
  /** The newest the last check reported above the cursor: it should have come by the next. */
  private overdue?: string;
  /** The last check was not complete. */
  private suspect = false;

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
      auth: (send) => send({ token, ...client?.resumeAuth() }),
    });
    client = new ResumingClient(socket, checked);
    socket.on('notify', (envelope) => client.show(envelope));
    socket.on('connect', () => (client.early = new Map()));
    if (checked) socket.on('inbox:synced', (point) => client.synced(point));
    socket.on('inbox:reset', () => (client.cursor = client.since = undefined));
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

  /**
   * `inbox:check`, as the README's client runs it now and then. Complete moves the sync
   * point up to the cursor it asked about. Not complete twice in a row (once can be a push
   * still on its way), or a newer one the last check reported that has still not come,
   * reconnects to get the replay.
   */
  async check(): Promise<InboxCheckAck> {
    const [asked, from] = [this.cursor!, this.since!];
    const ack = await this.socket.timeout(5000).emitWithAck('inbox:check', { cursor: asked, since: from, received: this.received.size, scope: this.scope });
    if (!ack.ok || this.since !== from) return ack;
    const late = this.overdue !== undefined && position(this.cursor!) < position(this.overdue);
    if (late || (!ack.complete && this.suspect)) {
      this.socket.disconnect().connect();
    } else if (!ack.complete) {
      this.suspect = true;
    } else {
      this.since = asked;
      this.received = new Map([...this.received].filter(([, at]) => at > position(asked)));
      this.overdue = ack.newest && position(ack.newest) > position(asked) ? ack.newest : undefined;
      this.suspect = false;
    }
    return ack;
  }

  close(): void {
    this.socket.disconnect();
  }

  private resumeAuth(): ResumeAuth {
    if (!this.cursor) return {};
    if (!this.checked || !this.since) return { cursor: this.cursor };
    return { cursor: this.cursor, since: this.since, received: this.received.size, scope: this.scope };
  }

  private synced({ cursor, scope }: InboxSynced): void {
    this.since = cursor;
    this.scope = scope;
    this.overdue = undefined;
    this.suspect = false;
    // What came on this connection above the sync point counts, also before the sync point did;
    // not what came on an earlier one (under other roles it may not be in this inbox at all).
    const upto = position(cursor);
    this.received = new Map([...(this.early ?? [])].filter(([, at]) => at > upto));
    this.early = null;
    if (!this.cursor || upto > position(this.cursor)) this.cursor = cursor;
  }

  private show(envelope: NotificationEnvelope): void {
    this.arrivals++;
    if (this.ids.has(envelope.id)) return;
    this.ids.add(envelope.id);
    this.shown.push(envelope);
    const at = position(envelope.cursor!);
    if (this.early) this.early.set(envelope.id, at);
    else if (this.since && at > position(this.since)) this.received.set(envelope.id, at);
    if (!this.cursor || at > position(this.cursor)) this.cursor = envelope.cursor;
  }
}
