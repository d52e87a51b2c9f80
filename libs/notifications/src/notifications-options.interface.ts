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

export interface NotificationsModuleOptions {
  jwt: NotificationsJwtOptions;
  /** Claims read for the user id (first present wins) and the roles. */
  claims?: { userId?: string[]; roles?: string };
  /** Role allowed to send notifications over REST and the socket. Default `admin`. */
  adminRole?: string;
  /** Origins allowed by CORS for the Socket.IO server; `true` reflects any origin. */
  corsOrigins?: string[] | true;
  rabbitmq?: NotificationsRabbitOptions;
}

export interface ResolvedNotificationsOptions {
  jwt: Required<Pick<NotificationsJwtOptions, 'algorithms'>> & NotificationsJwtOptions;
  claims: { userId: string[]; roles: string };
  adminRole: string;
  corsOrigins: string[] | true;
  rabbitmq: Required<NotificationsRabbitOptions>;
}
