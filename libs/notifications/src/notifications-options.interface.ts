import type { Algorithm } from 'jsonwebtoken';

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

export interface NotificationsModuleOptions {
  jwt: NotificationsJwtOptions;
  /** Claims read for the user id (first present wins) and the roles. */
  claims?: { userId?: string[]; roles?: string };
  /** Role allowed to send notifications over REST and the socket. Default `admin`. */
  adminRole?: string;
  /** Origins allowed by CORS for the Socket.IO server; `true` reflects any origin. */
  corsOrigins?: string[] | true;
  rabbitmq?: NotificationsRabbitOptions;
  /** Share rooms between several instances through Redis (Socket.IO Redis Streams adapter). */
  redis?: NotificationsRedisOptions;
  /**
   * Seconds a dropped socket may come back within and receive what it missed
   * (Socket.IO connection state recovery; the token is verified again). Default 0 (off).
   */
  recoverySeconds?: number;
}

export interface ResolvedNotificationsOptions {
  jwt: Required<Pick<NotificationsJwtOptions, 'algorithms'>> & NotificationsJwtOptions;
  claims: { userId: string[]; roles: string };
  adminRole: string;
  corsOrigins: string[] | true;
  rabbitmq: Required<NotificationsRabbitOptions>;
  redis?: Required<NotificationsRedisOptions>;
  recoverySeconds: number;
}
