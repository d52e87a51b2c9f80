import { jwtSecretProblems } from '../auth/secret-strength.js';
import { checkEventTable } from '../events/check-event-table.js';
import { defaultEvents } from '../events/default-events.js';
import { DEFAULTS, MESSAGES } from '../notifications.constants.js';
import { NotificationsConfigError } from '../notifications.errors.js';
import { resolveLimits } from './resolve-limits.js';
import type {
  NotificationsModuleOptions,
  ResolvedInboxOptions,
  ResolvedNotificationsOptions,
} from '../notifications-options.interface.js';

const SYMMETRIC = /^HS/;
const METRICS_TOKEN_MIN = 16;
const ASYMMETRIC = /^(RS|PS|ES)/;

function resolveJwt(options: NotificationsModuleOptions): ResolvedNotificationsOptions['jwt'] {
  const jwt = options.jwt ?? {};
  if (!jwt.secret && !jwt.publicKey) throw new NotificationsConfigError(MESSAGES.noKey);
  // A guessable HMAC secret lets anyone sign an admin token: refused in every environment.
  const weakness = jwt.secret ? jwtSecretProblems(jwt.secret) : [];
  if (weakness.length) throw new NotificationsConfigError(MESSAGES.weakSecret(weakness), weakness);
  const algorithms = jwt.algorithms?.length ? jwt.algorithms : [...DEFAULTS.algorithms];
  const family = jwt.secret ? SYMMETRIC : ASYMMETRIC;
  if (algorithms.some((alg) => !family.test(alg))) {
    throw new NotificationsConfigError(MESSAGES.badAlgorithms(algorithms.join(',')));
  }
  return { ...jwt, algorithms };
}

/** The longest period a Node.js timer keeps (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function resolveInbox(inbox: NotificationsModuleOptions['inbox']): ResolvedInboxOptions | false {
  if (inbox === false) return false;
  const { store = 'memory', maxPerFeed = DEFAULTS.inbox.maxPerFeed, maxAgeDays = DEFAULTS.inbox.maxAgeDays } = inbox ?? {};
  const sweepEverySeconds = inbox?.sweepEverySeconds ?? DEFAULTS.inbox.sweepEverySeconds;
  const problems = [
    ...(store === 'memory' || (typeof store === 'object' && store?.postgres) ? [] : ["store must be 'memory' or { postgres: { connectionString | pool } }"]),
    ...(Number.isInteger(maxPerFeed) && maxPerFeed > 0 ? [] : ['maxPerFeed must be a positive integer']),
    ...(Number.isFinite(maxAgeDays) && maxAgeDays > 0 ? [] : ['maxAgeDays must be a finite number above 0']),
    // setInterval turns a longer period into 1 ms: the sweep would run a thousand times a second.
    ...(sweepEverySeconds > 0 && sweepEverySeconds * 1000 <= MAX_TIMER_MS ? [] : [`sweepEverySeconds must be above 0 and at most ${MAX_TIMER_MS / 1000}`]),
  ];
  if (problems.length) throw new NotificationsConfigError(MESSAGES.badInbox(problems));
  return { store, retention: { maxPerFeed, maxAgeMs: maxAgeDays * 86_400_000 }, sweepEveryMs: sweepEverySeconds * 1000 };
}

/** A guessable metrics token would be no lock at all. */
function resolveMetrics(metrics: NotificationsModuleOptions['metrics']): ResolvedNotificationsOptions['metrics'] {
  const token = metrics?.token;
  if (token !== undefined && (typeof token !== 'string' || token.length < METRICS_TOKEN_MIN)) {
    throw new NotificationsConfigError(MESSAGES.weakMetricsToken(METRICS_TOKEN_MIN));
  }
  return { prefix: DEFAULTS.metricsPrefix, ...metrics };
}

/** Fills defaults and refuses a configuration that could accept forged tokens or fail at run time. */
export function resolveOptions(options: NotificationsModuleOptions): ResolvedNotificationsOptions {
  const adminRole = options.adminRole ?? DEFAULTS.adminRole;
  const events = options.events ?? defaultEvents(adminRole);
  checkEventTable(events);
  return {
    jwt: resolveJwt(options),
    claims: {
      userId: options.claims?.userId ?? [...DEFAULTS.userIdClaims],
      roles: options.claims?.roles ?? DEFAULTS.rolesClaim,
    },
    adminRole,
    corsOrigins: options.corsOrigins ?? [],
    rabbitmq: {
      urls: options.rabbitmq?.urls ?? [DEFAULTS.amqpUrl],
      queue: options.rabbitmq?.queue ?? DEFAULTS.queue,
      prefetchCount: options.rabbitmq?.prefetchCount ?? DEFAULTS.prefetchCount,
      reconnectSeconds: options.rabbitmq?.reconnectSeconds ?? DEFAULTS.reconnectSeconds,
    },
    events,
    ...(options.redis
      ? { redis: { adapter: 'sharded' as const, channelPrefix: DEFAULTS.redisChannelPrefix, streamName: DEFAULTS.redisStream, ...options.redis } }
      : {}),
    shutdownGraceMs: options.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
    limits: resolveLimits(options.limits),
    inbox: resolveInbox(options.inbox),
    metrics: resolveMetrics(options.metrics),
  };
}
