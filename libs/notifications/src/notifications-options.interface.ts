import type { Algorithm } from 'jsonwebtoken';
import type { Registry } from 'prom-client';
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
  /**
   * `sharded` (default, Redis 7+): Socket.IO's Redis adapter on sharded pub/sub with
   * dynamic subscriptions; an instance receives only the pushes for rooms its sockets
   * are in (needs `@socket.io/redis-adapter`). `streams`: the Redis Streams adapter;
   * every instance reads every push (needs `@socket.io/redis-streams-adapter`).
   */
  adapter?: 'sharded' | 'streams';
  /** Prefix of the sharded adapter's channels. Default `notifications`. */
  channelPrefix?: string;
  /** Redis stream carrying the packets between instances (streams). Default `notifications`. */
  streamName?: string;
}

/** The parts of a `pg` Pool the PostgreSQL store uses (typed here so hosts without `pg` still compile). */
export interface PostgresPoolLike {
  query(...args: any[]): Promise<any>;
  connect(): Promise<any>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The durable inbox: every notification is stored before it is pushed, and a client
 * that reconnects with its last cursor gets what it missed. Defaults in brackets.
 */
export interface NotificationsInboxOptions {
  /**
   * Where notifications are kept. `'memory'` [default]: nothing to set up, but lost on
   * restart and per instance. PostgreSQL: give a connection string or the host's own
   * pool (`pg`); the module creates and migrates its tables in `schema` [notifications].
   */
  store?: 'memory' | { postgres: { connectionString?: string; pool?: PostgresPoolLike; schema?: string } };
  /** Newest notifications kept per feed (a user, a role, broadcast) [1,000]. */
  maxPerFeed?: number;
  /** Days a notification is kept [30]. */
  maxAgeDays?: number;
  /** How often retention is applied, in seconds [60]. */
  sweepEverySeconds?: number;
}

/** What one client may cost the server. Defaults in brackets. */
export interface NotificationsLimitsOptions {
  /** Events a socket may send per second, sustained [20]; beyond it they are answered RATE_LIMITED. */
  eventsPerSecond?: number;
  /** Events a socket may send at once [40]. */
  eventBurst?: number;
  /** Events refused in a row before the socket is disconnected [200]. */
  disconnectAfterRefused?: number;
  /** Sockets one user may hold on one instance; beyond it the newest is refused [20]. */
  connectionsPerUser?: number;
  /** Bytes queued for one socket and not yet written; beyond it the socket is cut loose [1 MiB]. */
  maxBufferedBytes?: number;
  /**
   * Largest WebSocket frame or long-polling request body, in bytes (Engine.IO
   * `maxHttpBufferSize`); a larger one closes the connection [65,536].
   */
  maxPayloadBytes?: number;
  /**
   * An Engine.IO connection that has not joined a namespace within this many ms
   * (its handshake refused, or never sent) is closed (Socket.IO `connectTimeout`) [5,000].
   */
  connectTimeoutMs?: number;
  /** A TCP connection that has sent no byte within this many ms is closed; 0 turns it off [5,000]. */
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
  /** Share rooms between several instances through Redis (sharded pub/sub by default, or Redis Streams). */
  redis?: NotificationsRedisOptions;
  limits?: NotificationsLimitsOptions;
  /** The durable inbox (memory by default); `false` keeps nothing and pushes only to sockets connected now. */
  inbox?: NotificationsInboxOptions | false;
  /**
   * Prometheus metrics: into the host's registry when given, else one of the module's own.
   * `token`: `GET <metricsPath>` then answers only `Authorization: Bearer <token>` (401
   * `TOKEN_MISSING` / `TOKEN_INVALID` otherwise); without it the route is open to anyone
   * who can reach it.
   */
  metrics?: { registry?: Registry; prefix?: string; token?: string };
  /**
   * How long a shutdown may take to finish in-flight messages and close the sockets
   * (SIGTERM with `app.enableShutdownHooks(..., { useProcessExit: true })`). Default 10,000.
   */
  shutdownGraceMs?: number;
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
  /** Serve the module's Prometheus metrics at `GET <path>`; `false` serves none. Default `false`. */
  metricsPath?: string | false;
}

export interface ResolvedInboxOptions {
  store: NonNullable<NotificationsInboxOptions['store']>;
  retention: { maxPerFeed: number; maxAgeMs: number };
  sweepEveryMs: number;
}

export interface ResolvedNotificationsOptions {
  jwt: Required<Pick<NotificationsJwtOptions, 'algorithms'>> & NotificationsJwtOptions;
  claims: { userId: string[]; roles: string };
  adminRole: string;
  corsOrigins: string[] | true;
  rabbitmq: Required<NotificationsRabbitOptions>;
  events: NotificationEventTable;
  redis?: Required<NotificationsRedisOptions>;
  shutdownGraceMs: number;
  limits: Required<NotificationsLimitsOptions>;
  inbox: ResolvedInboxOptions | false;
  metrics: { registry?: Registry; prefix: string; token?: string };
}
