
/** The one event name used both ways: server pushes and client sends. */
export const NOTIFY_EVENT = 'notify';

/** Sent just before the server disconnects a socket whose token has expired. */
export const TOKEN_EXPIRED_EVENT = 'token_expired';

/** The inbox events: the unread count (server -> client), a cursor that cannot be resumed, marking read. */
export const INBOX_UNREAD_EVENT = 'inbox:unread';
export const INBOX_RESET_EVENT = 'inbox:reset';
export const INBOX_SYNCED_EVENT = 'inbox:synced';
export const INBOX_READ_EVENT = 'inbox:read';
export const INBOX_CHECK_EVENT = 'inbox:check';

/** Sent to every socket when the instance shuts down; the connection closes right after. */
export const SERVER_SHUTDOWN_EVENT = 'server_shutdown';

/** The RabbitMQ pattern that carries a notification request as is; always understood. */
export const NOTIFICATION_SEND_PATTERN = 'notification.send';
export const BUILT_IN_PATTERNS: readonly string[] = [NOTIFICATION_SEND_PATTERN];

/**
 * The consumer's own transport id, so the host's other microservices never take it
 * for theirs. `Symbol.for`, so two copies of the package in one host still agree.
 */
export const NOTIFICATIONS_TRANSPORT_ID = Symbol.for('@nest-notify/notifications:rmq');

/** A notification type: letters, digits and . _ : - (length checked separately). */
export const TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export const DEFAULTS = {
  namespace: '/notifications',
  httpPath: 'notifications',
  queue: 'notifications',
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
  prefetchCount: 100,
  reconnectSeconds: 5,
  algorithms: ['HS256'],
  userIdClaims: ['sub', 'user_id', 'userId'],
  rolesClaim: 'roles',
  adminRole: 'admin',
  redisStream: 'notifications',
  redisChannelPrefix: 'notifications',
  shutdownGraceMs: 10_000,
  metricsPrefix: 'notifications_',
  inbox: { maxPerFeed: 1000, maxAgeDays: 30, sweepEverySeconds: 60 },
} as const;

export const LIMITS = {
  typeMaxLength: 128,
  maxTargets: 1000,
  idMaxLength: 256,
  maxDataBytes: 64 * 1024,
  /** An AMQP message is refused unparsed above this; it bounds a business event's data too. */
  maxMessageBytes: 64 * 1024,
  inboxPageDefault: 20,
  inboxPageMax: 100,
  /** Notifications read per query while replaying to a socket that resumes. */
  replayPage: 500,
  /** Live pushes held for one socket while its replay runs; beyond it the socket is sent away to retry. */
  replayHoldMax: 10_000,
  /** How long a resumed socket still drops live pushes it already got from the replay. */
  replayFloorMs: 10_000,
  /** A socket's mistakes are logged at most once per this interval. */
  mistakeLogIntervalMs: 60_000,
  /** Distinct notification types labelled in metrics; the rest count as "other". */
  metricTypeLabels: 200,
  /** Below this many packets queued, a socket is not weighed for the byte cap (the common case). */
  slowCheckMinPackets: 16,
  /** A token is refused unverified above this (real JWTs are well under 2 KiB); see the README's limits. */
  maxTokenBytes: 8 * 1024,
  /**
   * What one `inbox:check` takes from a socket's event bucket: it runs three store queries,
   * and clients check about once a minute. At the default 20 events/s: 2 checks/s, 4 at once.
   */
  inboxCheckCost: 10,
} as const;

/**
 * What an HMAC secret must be (auth/secret-strength.ts). 2.5 bits per character
 * refuses "aaaa…abcdefgh" and the like; no output of `openssl rand -hex 16` was
 * below it in a million tries (the lowest was 2.79).
 */
export const SECRET_RULES = {
  minBytes: 32,
  minDistinctChars: 6,
  minBitsPerChar: 2.5,
} as const;

/** Connection limits (module option `limits`); see notifications-options.interface.ts. */
export const DEFAULT_LIMITS = {
  /** Same as the AMQP body cap: nothing the gateway accepts is larger. */
  maxPayloadBytes: 64 * 1024,
  /** Socket.IO's default is 45 s; a client joins its namespace within milliseconds. */
  connectTimeoutMs: 5_000,
  /** Same as Node's keepAliveTimeout for an idle connection between requests. */
  idleHandshakeMs: 5_000,
  eventsPerSecond: 20,
  eventBurst: 40,
  disconnectAfterRefused: 200,
  connectionsPerUser: 20,
  /** A client that reads is never near it: a healthy socket's buffer is empty between writes. */
  maxBufferedBytes: 1024 * 1024,
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
  weakMetricsToken: (min: number) => `NotificationsModule: metrics.token must be a string of at least ${min} characters`,
  metricsTokenMissing: 'The metrics route needs Authorization: Bearer <metrics token>',
  metricsTokenInvalid: 'The metrics token is not valid',
  tokenMissing: 'No token: send it in auth.token, ?token= or Authorization: Bearer',
  tokenInvalid: 'Token is not valid',
  tokenExpired: 'Token has expired',
  tokenTooLarge: (max: number) => `Token is not valid: larger than ${max} bytes`,
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
  requeued: (queue: string) => `A message that waited for the notification store went back to ${queue} (the store closed before it came back)`,
  settleFailed: (reason: string) => `Could not settle a message (${reason}); the broker redelivers it`,
  brokerConnected: (url: string, queue: string) => `RabbitMQ connected at ${url}, consuming ${queue}`,
  redisUnreachable: (url: string, reason: string) => `NotificationsModule: Redis unreachable at ${url} (${reason})`,
  redisSubscriptionRetry: (reason: string) => `Redis room subscription change failed (${reason}); asked again once Redis is back`,
  redisSubscriptionRefused: (reason: string) =>
    `Redis refused a room subscription change (${reason}); pushes from other instances to that room may not arrive: check the Redis user's channel permissions and that Redis is 7 or later`,
  redisError: (reason: string) => `Redis link error: ${reason}; Socket.IO instances reconnect by themselves`,
  drainTimedOut: (left: number, ms: number) =>
    `Shutdown: ${left} message(s) still in progress after ${ms} ms; left unacked, RabbitMQ delivers them again`,
  serverShutdown: 'This server is shutting down; reconnect (another instance will take the connection)',
  shuttingDown: 'The server is shutting down; retry shortly',
  shutdownStarted: (ms: number) => `Shutting down (grace ${ms} ms): consumer first, then in-flight messages, then sockets`,
  rateLimited: (perSecond: number) => `Too many events: at most ${perSecond} per second`,
  abusive: (refused: number) => `Disconnected after ${refused} events refused in a row`,
  tooManyConnections: (max: number) => `Too many connections for this user (at most ${max} per server)`,
  slowConsumer: (user: string, bytes: number, max: number) =>
    `Cut loose a slow consumer (user ${user}): ${bytes} bytes queued and not read, over ${max}; it catches up when it reconnects`,
  invalidInboxRequest: 'Invalid inbox request',
  badInbox: (problems: string[]) => `NotificationsModule: invalid inbox options: ${problems.join('; ')}`,
  storeUnavailable: (reason: string) => `The notification store is unavailable (${reason}); try again shortly`,
  storeDown: (reason: string) => `Notification store unavailable (${reason}); messages wait in RabbitMQ, retrying`,
  storeUp: (kind: string) => `Notification store ready (${kind})`,
  storeBackUp: 'Notification store reachable again; resuming',
  sweepFailed: (reason: string) => `Inbox retention sweep failed (${reason}); retrying at the next one`,
  cursorReset: 'Your cursor cannot be resumed (older than the retention, or from another store): fetch the inbox again',
  noInbox: 'The inbox is disabled on this server',
  mappingFailed: (pattern: string, step: string) => `The ${step} mapping of "${pattern}" threw`,
  badEvents: (problems: string[]) => `NotificationsModule: invalid events: ${problems.join('; ')}`,
  noKey: 'NotificationsModule: jwt.secret or jwt.publicKey is required',
  weakSecret: (problems: string[]) =>
    `NotificationsModule: jwt.secret is too weak to sign tokens with: ${problems.join('; ')}. Use a random value, e.g. \`openssl rand -hex 32\``,
  originRefused: 'Origin not allowed',
  /** The connect_error message, as Socket.IO words its own refusal of an unknown namespace. */
  invalidNamespace: 'Invalid namespace',
  rootNamespaceRefused: 'The root namespace "/" is not served here; connect to the notifications namespace',
  binaryRefused: 'Binary packets are not accepted',
  badLimit: (name: string, value: unknown, rule: string) => `NotificationsModule: limits.${name} must be ${rule}, got ${String(value)}`,
  badAlgorithms: (algs: string) => `NotificationsModule: jwt.algorithms ${algs} do not match the key type`,
} as const;
