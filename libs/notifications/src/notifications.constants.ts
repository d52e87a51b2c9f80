/** Socket.IO namespace served by the gateway. */
export const NOTIFICATIONS_NAMESPACE = '/notifications';

/** The one event name used both ways: server pushes and client sends. */
export const NOTIFY_EVENT = 'notify';

/** Sent just before the server disconnects a socket whose token has expired. */
export const TOKEN_EXPIRED_EVENT = 'token_expired';

/** Patterns of the RabbitMQ messages the consumer understands. */
export const EVENT_PATTERNS = {
  userFollowed: 'user.followed',
  orderCreated: 'order.created',
  notificationSend: 'notification.send',
} as const;

export const DEFAULTS = {
  queue: 'notifications',
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
  prefetchCount: 100,
  reconnectSeconds: 5,
  algorithms: ['HS256'],
  userIdClaims: ['sub', 'user_id', 'userId'],
  rolesClaim: 'roles',
  adminRole: 'admin',
  redisStream: 'notifications',
} as const;

export const LIMITS = {
  typeMaxLength: 128,
  maxTargets: 1000,
  idMaxLength: 256,
  maxDataBytes: 64 * 1024,
  /** An AMQP message is refused unparsed above this; it bounds a business event's data too. */
  maxMessageBytes: 64 * 1024,
} as const;

export const REDIS_LINK = Symbol('NOTIFICATIONS_REDIS_LINK');
export const RESOLVED_OPTIONS = Symbol('NOTIFICATIONS_RESOLVED_OPTIONS');
export const NOTIFICATIONS_TRANSPORT = Symbol('NOTIFICATIONS_TRANSPORT');

export const userRoom = (userId: string): string => `user:${userId}`;
export const roleRoom = (role: string): string => `role:${role}`;
export const deadLetterQueue = (queue: string): string => `${queue}.dlq`;
export const deadLetterExchange = (queue: string): string => `${queue}.dlx`;

export const MESSAGES = {
  unauthorized: 'Unauthorized',
  tokenMissing: 'No token: send it in auth.token, ?token= or Authorization: Bearer',
  tokenInvalid: 'Token is not valid',
  tokenExpired: 'Token has expired',
  forbidden: (role: string) => `Requires role "${role}"`,
  invalidPayload: 'Invalid notification payload',
  malformedMessage: 'Message is not a JSON object with a string "pattern"',
  unknownPattern: (pattern: string) => `No handler for pattern "${pattern}"`,
  deadLettered: (queue: string, code: string, detail: string) =>
    `Dead-lettered a message to ${queue}: ${code} (${detail})`,
  brokerUnreachable: (url: string, reason: string) =>
    `RabbitMQ unreachable at ${url} (${reason}); HTTP and WebSocket keep serving, retrying in the background`,
  channelSetupFailed: (queue: string, reason: string) =>
    `Could not set up consuming ${queue}: ${reason}; retrying on the next connection`,
  settleFailed: (reason: string) => `Could not settle a message (${reason}); the broker redelivers it`,
  brokerConnected: (url: string, queue: string) => `RabbitMQ connected at ${url}, consuming ${queue}`,
  redisUnreachable: (url: string, reason: string) => `NotificationsModule: Redis unreachable at ${url} (${reason})`,
  redisError: (reason: string) => `Redis link error: ${reason}; Socket.IO instances reconnect by themselves`,
  noKey: 'NotificationsModule: jwt.secret or jwt.publicKey is required',
  badAlgorithms: (algs: string) => `NotificationsModule: jwt.algorithms ${algs} do not match the key type`,
} as const;
