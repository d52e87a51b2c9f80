import type { Algorithm } from 'jsonwebtoken';
import type { NotificationEventTable } from './notifications.events.js';

export interface NotificationsJwtOptions {
  /** Shared secret for HS* algorithms. */
  secret?: string;
  /** PEM public key for RS*, PS* or ES* algorithms. */
  publicKey?: string | Buffer;
  /** Accepted algorithms; pinned, `none` is never accepted. Default `['HS256']`. */
  algorithms?: Algorithm[];
  issuer?: string | string[];
  audience?: string | string[];
  clockToleranceSeconds?: number;
}

export interface NotificationsRabbitOptions {
  /** Default `amqp://guest:guest@127.0.0.1:5672`. */
  urls?: string[];
  /** Durable queue consumed; bad messages go to `<queue>.dlq`. Default `notifications`. */
  queue?: string;
  prefetchCount?: number;
  reconnectSeconds?: number;
}

export interface NotificationsRedisOptions {
  /** e.g. `redis://127.0.0.1:6379`. Set it to run several gateway instances that share rooms. */
  url: string;
  /** Redis stream carrying the packets between instances. Default `notifications`. */
  streamName?: string;
}

/** Bounds on what one connection may hold, before and after it authenticates. */
export interface NotificationsLimitsOptions {
  /**
   * Largest WebSocket frame or long-polling request body, in bytes (Engine.IO
   * `maxHttpBufferSize`); a larger one closes the connection. Default 65536.
   */
  maxPayloadBytes?: number;
  /**
   * An Engine.IO connection that has not joined a namespace within this many ms
   * (its handshake refused, or never sent) is closed (Socket.IO `connectTimeout`). Default 5000.
   */
  connectTimeoutMs?: number;
  /** A TCP connection that has sent no byte within this many ms is closed; 0 turns it off. Default 5000. */
  idleHandshakeMs?: number;
}

export interface NotificationsModuleOptions {
  jwt: NotificationsJwtOptions;
  /** Claims read for the user id (first present wins) and the roles. */
  claims?: { userId?: string[]; roles?: string };
  /** Role allowed to send notifications over REST and the socket. Default `admin`. */
  adminRole?: string;
  /**
   * Origins allowed by CORS for the Socket.IO server; `true` reflects any origin.
   * With a list, a handshake (polling or WebSocket) carrying any other Origin,
   * `null` included, is refused; one without an Origin header (not a browser) passes.
   */
  corsOrigins?: string[] | true;
  rabbitmq?: NotificationsRabbitOptions;
  /**
   * Business events from RabbitMQ, by pattern: who gets a notification and what it says.
   * Default: `user.followed` to the followee and `order.created` to the admin role.
   * `notification.send` is built in and cannot be redefined.
   */
  events?: NotificationEventTable;
  /** Share rooms between several instances through Redis (Socket.IO Redis Streams adapter). */
  redis?: NotificationsRedisOptions;
  /**
   * Seconds a dropped socket may come back within and receive what it missed
   * (Socket.IO connection state recovery; the token is verified again). Default 0 (off).
   */
  recoverySeconds?: number;
  /** Connection limits; see NotificationsLimitsOptions for each default. */
  limits?: NotificationsLimitsOptions;
}

/** Options that shape the module itself: given to `forRoot` and `forRootAsync` alike, never async. */
export interface NotificationsModuleExtras {
  /** Register the module globally. Default `true`. */
  isGlobal?: boolean;
  /**
   * Where the REST endpoints live (`POST <path>`); `false` mounts none.
   * Default `{ path: 'notifications' }`.
   */
  http?: false | { path?: string };
  /** The Socket.IO namespace of the gateway. Default `/notifications`. */
  namespace?: string;
}

export interface ResolvedNotificationsOptions {
  jwt: Required<Pick<NotificationsJwtOptions, 'algorithms'>> & NotificationsJwtOptions;
  claims: { userId: string[]; roles: string };
  adminRole: string;
  corsOrigins: string[] | true;
  rabbitmq: Required<NotificationsRabbitOptions>;
  events: NotificationEventTable;
  redis?: Required<NotificationsRedisOptions>;
  recoverySeconds: number;
  limits: Required<NotificationsLimitsOptions>;
}
