import type { InboxCheckAck, InboxCheckRequest, InboxSynced, ResumeAuth } from '../notifications.events.js';

/** What a client does after an `inbox:check` answer. */
export type CheckOutcome = 'ok' | 'reconnect';

/** Positions grow with every store: the number after a cursor's last dot. */
const position = (cursor: string): number => Number(cursor.slice(cursor.lastIndexOf('.') + 1));

/**
 * The client's side of resuming the inbox, with no dependencies (browsers, Node, React
 * Native): it decides what a (re)connect sends and what an `inbox:check` answer means,
 * so that a notification that never arrived, while later ones did, is replayed.
 *
 * Wire it to a Socket.IO client: `auth` as a function sending `{ token, ...resume.handshake() }`
 * (it is called before every reconnect); `connected()` on `connect`; `synced()` on
 * `inbox:synced`; `seen()` for every `notify` and every item listed over REST while
 * connected; `reset()` on `inbox:reset`. Now and then (the demo: every minute) send
 * `checkRequest()` as `inbox:check` and pass its answer to `checked()`; reconnect when
 * it says so. Showing each notification once (by id) stays the application's job.
 *
 * @example
 * const resume = new InboxResume();
 * const socket = io('/notifications', { auth: (send) => send({ token, ...resume.handshake() }) });
 * socket.on('connect', () => resume.connected());
 * socket.on('inbox:synced', (point) => resume.synced(point));
 * socket.on('inbox:reset', () => resume.reset());
 * socket.on('notify', (n) => { resume.seen(n); show(n); });
 */
export class InboxResume {
  private greatest?: string;
  private since?: string;
  private scope?: string;
  /** Ids above `since` that came on the connection it was given on (or after a later check). */
  private received = new Map<string, number>();
  /** What came on this connection before its `inbox:synced`; null once it came. */
  private early: Map<string, number> | null = new Map();
  /** The newest the last check reported above the cursor: it should have come by the next. */
  private overdue?: string;
  /** The last check was not complete. */
  private suspect = false;

  /** The greatest cursor seen (pushes from several servers arrive out of order). */
  get cursor(): string | undefined {
    return this.greatest;
  }

  /** Whether this connection's `inbox:synced` came (its replay is over). */
  get isSynced(): boolean {
    return this.early === null;
  }

  /** What the next handshake sends besides the token. */
  handshake(): ResumeAuth {
    if (!this.greatest) return {};
    return this.since ? this.report(this.greatest, this.since) : { cursor: this.greatest };
  }

  /** A connection is up; its `inbox:synced` is still to come. */
  connected(): void {
    this.early = new Map();
  }

  /** `inbox:synced`: the server sent everything up to `cursor` on this connection. */
  synced({ cursor, scope }: InboxSynced): void {
    this.since = cursor;
    this.scope = scope;
    this.overdue = undefined;
    this.suspect = false;
    // What came on this connection above the sync point counts, also before the sync point did;
    // not what came on an earlier one (under other roles it may not be in this inbox at all).
    const upto = position(cursor);
    this.received = new Map([...(this.early ?? [])].filter(([, at]) => at > upto));
    this.early = null;
    this.raise(cursor);
  }

  /** A notification this client has now: pushed, replayed or listed. The same id twice counts once. */
  seen({ id, cursor }: { id: string; cursor?: string }): void {
    if (!cursor) return;
    const at = position(cursor);
    if (this.early) this.early.set(id, at);
    else if (this.since && at > position(this.since)) this.received.set(id, at);
    this.raise(cursor);
  }

  /** `inbox:reset`: the server cannot resume from what this client had; it starts over. */
  reset(): void {
    this.greatest = this.since = this.scope = this.overdue = undefined;
    this.received = new Map();
    this.suspect = false;
  }

  /** The `inbox:check` to send now; undefined before this connection's `inbox:synced`. */
  checkRequest(): InboxCheckRequest | undefined {
    if (!this.isSynced || !this.greatest || !this.since) return undefined;
    return this.report(this.greatest, this.since);
  }

  /**
   * The answer to `request`. Complete moves the sync point up to the cursor asked about,
   * so a later replay is short. Not complete twice in a row (once can be a push still on
   * its way), or a newer one the last check reported that has still not come: 'reconnect',
   * and the replay brings what never arrived. A refusal, or an answer that crossed a
   * reconnect (this connection not synced yet, or synced since), changes nothing.
   */
  checked(request: InboxCheckRequest, ack: InboxCheckAck): CheckOutcome {
    // An answer that crossed a reconnect (a check buffered while disconnected) says nothing of this connection.
    if (!ack.ok || !this.isSynced || this.since !== request.since || !this.greatest) return 'ok';
    const late = this.overdue !== undefined && position(this.greatest) < position(this.overdue);
    if (late || (!ack.complete && this.suspect)) return 'reconnect';
    this.suspect = !ack.complete;
    if (this.suspect) return 'ok';
    const upto = position(request.cursor);
    this.since = request.cursor;
    this.received = new Map([...this.received].filter(([, at]) => at > upto));
    this.overdue = ack.newest && position(ack.newest) > upto ? ack.newest : undefined;
    return 'ok';
  }

  /** The cursor, the sync point and what came after it: the handshake's and the check's fields. */
  private report(cursor: string, since: string): InboxCheckRequest {
    return { cursor, since, received: this.received.size, ...(this.scope ? { scope: this.scope } : {}) };
  }

  private raise(cursor: string): void {
    if (!this.greatest || position(cursor) > position(this.greatest)) this.greatest = cursor;
  }
}
