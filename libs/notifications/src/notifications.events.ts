/**
 * The wire contract, shared by the gateway, the tests and any TypeScript client:
 * `io<ServerToClientEvents, ClientToServerEvents>(url + '/notifications')`.
 */

/** What every push carries. `id` is a UUIDv7, so ids sort by creation time. */
export interface NotificationEnvelope<T = unknown> {
  id: string;
  type: string;
  data: T;
  createdAt: string;
  /**
   * Where this notification sits in the inbox: `<epoch>.<position>`, positions of one
   * epoch increasing. Keep the greatest one seen and send it as `auth.cursor` when
   * reconnecting (see {@link ResumeAuth}): what was missed is replayed. Absent when the
   * server keeps no inbox.
   */
  cursor?: string;
}

/** A notification as listed from the inbox. */
export interface InboxItem<T = unknown> extends NotificationEnvelope<T> {
  cursor: string;
  read: boolean;
}

/** A page of the inbox, newest first; `next` asks for the page after it (as `before`). */
export interface InboxPage {
  items: InboxItem[];
  next?: string;
}

/** `inbox:read`: some notifications by id, or all of them. */
export type InboxReadRequest = { ids: string[] } | { all: true };

export type InboxReadAck = { ok: true; unread: number } | { ok: false; error: NotifyError };

/** Sent after a resume when the cursor cannot be resumed: fetch the inbox again (REST) and keep going. */
export interface InboxReset {
  code: 'CURSOR_EXPIRED' | 'CURSOR_UNKNOWN';
  message: string;
}

/**
 * What a client sends in `auth` besides its token to resume its inbox. Send `since`
 * and `received` too, and a notification that never reached the client while later ones
 * did (pushes from several instances arrive out of position order, and a connection can
 * drop between them) is replayed as well; without them the replay starts after `cursor`.
 */
export interface ResumeAuth {
  /** The greatest cursor seen (compare positions: the number after the last dot). */
  cursor?: string;
  /** The cursor of the last `inbox:synced`. */
  since?: string;
  /** How many distinct notifications it has above `since` that came on that connection (or a later check). */
  received?: number;
  /** The scope of the last `inbox:synced`. */
  scope?: string;
}

/**
 * `inbox:synced`: where this connection counts from. After a resume, the replay sent
 * everything up to `cursor`; after a connect without a cursor (or an `inbox:reset`), it is
 * the newest position, and what came before is in the inbox (REST). Count the
 * notifications above it that come on this connection, also those that came before this
 * event did, and raise the kept cursor to it. `scope` names the reader's feeds (its
 * roles): send it back, so a count made under other roles is not trusted.
 */
export interface InboxSynced {
  cursor: string;
  scope: string;
}

/**
 * `inbox:check`: asks, while connected, whether the client has everything of its inbox up
 * to `cursor`, given it has `received` above `since` (as in {@link ResumeAuth}).
 */
export interface InboxCheckRequest {
  cursor: string;
  since: string;
  received: number;
  scope?: string;
}

/**
 * `complete`: nothing is missing up to the cursor; count from it now (it becomes `since`).
 * Not complete: a push never arrived (a Redis outage, pushes from several instances out
 * of order); reconnect, and the replay brings what is missing. `newest`: the cursor of the
 * newest notification in the inbox now (absent when it is empty); when it is above the
 * client's cursor and still is at the next check, that push is not coming: reconnect.
 */
export type InboxCheckAck = { ok: true; complete: boolean; newest?: string } | { ok: false; error: NotifyError };

/** Who a notification goes to; at least one target is required. */
export interface NotificationRequest {
  type: string;
  data?: unknown;
  userIds?: string[];
  roles?: string[];
  broadcast?: boolean;
}

export interface NotifyError {
  code: string;
  message: string;
  details?: string[];
}

export type NotifyAck = { ok: true; id: string } | { ok: false; error: NotifyError };

export interface ServerToClientEvents {
  notify: (envelope: NotificationEnvelope) => void;
  /** The token expired while connected; the server disconnects right after. */
  token_expired: (reason: { code: 'TOKEN_EXPIRED'; message: string }) => void;
  /**
   * The instance is shutting down (a deploy): the connection closes right after with
   * "transport close", and socket.io-client reconnects by itself. Nothing is lost:
   * what this instance had not finished is delivered again by RabbitMQ.
   */
  server_shutdown: (reason: { code: 'SERVER_SHUTDOWN'; message: string }) => void;
  /** The user's unread count: on connect (after any replay), and whenever it changes by a read. */
  'inbox:unread': (state: { count: number }) => void;
  'inbox:reset': (reason: InboxReset) => void;
  /** On connect, after any replay and before the unread count. */
  'inbox:synced': (state: InboxSynced) => void;
}

export interface ClientToServerEvents {
  notify: (request: NotificationRequest, ack: (result: NotifyAck) => void) => void;
  'inbox:read': (request: InboxReadRequest, ack: (result: InboxReadAck) => void) => void;
  'inbox:check': (request: InboxCheckRequest, ack: (result: InboxCheckAck) => void) => void;
}

/** Data the server keeps on each socket. */
export interface SocketData {
  user: AuthenticatedUser;
}

export interface AuthenticatedUser {
  id: string;
  roles: string[];
  /** Token expiry, seconds since epoch, when the token has one. */
  exp?: number;
}

export interface UserFollowedEvent {
  followerId: string;
  followeeId: string;
  [extra: string]: unknown;
}

export interface OrderCreatedEvent {
  orderId: string;
  userId?: string;
  total?: number;
  [extra: string]: unknown;
}

/** An id as business events carry it: strings, or integers (which become strings). */
export type EventId = string | number;

/**
 * How one business event becomes a notification. Give at least one target:
 * `toUser`, `toRole` or `broadcast`.
 * @example { toUser: (e) => e.followeeId, validate: (e) => (e.followerId ? [] : ['followerId is required']) }
 */
export interface NotificationEventMapping<E = any> {
  /** The notification's `type`. Default: the event's pattern. */
  type?: string;
  /** The user or users it goes to, read from the event. */
  toUser?: (event: E) => EventId | readonly EventId[] | null | undefined;
  /** The role or roles it goes to: fixed, or read from the event. */
  toRole?: string | readonly string[] | ((event: E) => string | readonly string[] | null | undefined);
  /** Every connected user. */
  broadcast?: boolean;
  /** The notification's `data`. Default: the event itself. */
  data?: (event: E) => unknown;
  /** The event's problems; none (empty or nothing returned) means valid. Throwing counts as invalid. */
  validate?: (event: E) => readonly string[] | void;
  /**
   * Idempotency key from the event's own id fields, used when the AMQP message has
   * no `messageId`: a redelivered event with the same key is not notified twice.
   */
  key?: (event: E) => string | undefined;
}

/** Business events by RabbitMQ pattern. */
export type NotificationEventTable = Record<string, NotificationEventMapping>;
