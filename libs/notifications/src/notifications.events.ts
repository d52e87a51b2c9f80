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
}

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
}

export interface ClientToServerEvents {
  notify: (request: NotificationRequest, ack: (result: NotifyAck) => void) => void;
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
