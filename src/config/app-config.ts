import { randomBytes } from 'node:crypto';
import { jwtSecretProblems } from '#notifications';
import { readLogFormat } from '../logging/demo-logger.js';

export interface AppConfig {
  port: number;
  production: boolean;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and one was made up for this run (dev only). */
  jwtSecretGenerated: boolean;
  /** POST /dev/token and the pages' dev button: only with DEV_SIGN_IN=true, never in production. */
  devSignIn: boolean;
  jwtIssuer?: string;
  jwtAudience?: string;
  amqpUrl: string;
  /** Seconds between attempts to reach RabbitMQ while it is down. */
  amqpReconnectSeconds: number;
  /** How long a SIGTERM may take to finish what is in flight and close the sockets. */
  shutdownGraceMs: number;
  queue: string;
  /** Set to run several instances that share rooms through Redis. */
  redisUrl?: string;
  redisStream: string;
  /** How instances share rooms through Redis: sharded pub/sub (default) or one stream. */
  redisAdapter: 'sharded' | 'streams';
  redisChannelPrefix: string;
  corsOrigins: string[] | true;
  /** GET /metrics is served only when set, and answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken?: string;
  /** The inbox: PostgreSQL when DATABASE_URL is set, else in memory (per instance, lost on restart). */
  inbox: { enabled: boolean; databaseUrl?: string; schema: string; maxPerFeed: number; maxAgeDays: number; sweepSeconds: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readPort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be an integer 0-65535, got "${raw}"`);
  return port;
}

function readAmqpUrl(raw: string | undefined, problems: string[]): string {
  const url = raw || 'amqp://guest:guest@127.0.0.1:5672';
  if (!/^amqps?:\/\/[^\s]+$/.test(url)) problems.push('AMQP_URL must look like amqp://user:pass@host:5672');
  return url;
}

// "prod", "Production" and the like count too: a typo must not turn production into development.
const isProduction = (raw: string | undefined): boolean => /^prod(uction)?$/i.test((raw ?? '').trim());

function readSecret(env: Env, production: boolean, problems: string[]): { jwtSecret: string; jwtSecretGenerated: boolean } {
  const given = env.JWT_SECRET ?? '';
  if (given) {
    const weakness = jwtSecretProblems(given);
    if (weakness.length) problems.push(`JWT_SECRET is too weak: ${weakness.join('; ')}. Use e.g. JWT_SECRET=$(openssl rand -hex 32)`);
    return { jwtSecret: given, jwtSecretGenerated: false };
  }
  if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
  return { jwtSecret: randomBytes(32).toString('base64url'), jwtSecretGenerated: !production };
}

function readDevSignIn(env: Env, production: boolean, problems: string[]): boolean {
  const raw = (env.DEV_SIGN_IN ?? '').trim().toLowerCase();
  if (raw !== '' && raw !== 'true' && raw !== 'false') problems.push(`DEV_SIGN_IN must be true or false, got "${env.DEV_SIGN_IN}"`);
  const on = raw === 'true';
  if (on && production) problems.push('DEV_SIGN_IN=true is refused with NODE_ENV=production: it lets anyone mint an admin token');
  return on;
}

function readCors(raw: string | undefined): string[] | true {
  if (raw?.trim() === '*') return true;
  return (raw ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}

function readInbox(env: Env, problems: string[]): AppConfig['inbox'] {
  const mode = (env.INBOX || 'on').toLowerCase();
  if (mode !== 'on' && mode !== 'off') problems.push('INBOX must be on or off');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) problems.push('DATABASE_URL must look like postgres://user@host:5432/db');
  const schema = env.DATABASE_SCHEMA || 'notifications';
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) problems.push('DATABASE_SCHEMA may hold letters, digits and _ only');
  const maxPerFeed = Number(env.INBOX_MAX_PER_FEED || 1000);
  if (!Number.isInteger(maxPerFeed) || maxPerFeed < 1) problems.push('INBOX_MAX_PER_FEED must be a positive integer');
  const maxAgeDays = Number(env.INBOX_MAX_AGE_DAYS || 30);
  if (!(maxAgeDays > 0)) problems.push('INBOX_MAX_AGE_DAYS must be a number above 0');
  const sweepSeconds = Number(env.INBOX_SWEEP_SECONDS || 60);
  if (!(sweepSeconds > 0)) problems.push('INBOX_SWEEP_SECONDS must be a number above 0');
  return { enabled: mode !== 'off', databaseUrl, schema, maxPerFeed, maxAgeDays, sweepSeconds };
}

/** Reads and checks the environment; every problem is reported at once. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const production = isProduction(env.NODE_ENV);
  const port = readPort(env.PORT, problems);
  const { jwtSecret, jwtSecretGenerated } = readSecret(env, production, problems);
  const devSignIn = readDevSignIn(env, production, problems);
  const queue = env.NOTIFICATIONS_QUEUE || 'notifications';
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(queue)) problems.push('NOTIFICATIONS_QUEUE may hold letters, digits and . _ : - only');
  const amqpUrl = readAmqpUrl(env.AMQP_URL, problems);
  const amqpReconnectSeconds = Number(env.AMQP_RECONNECT_SECONDS || 5);
  if (!(amqpReconnectSeconds > 0 && amqpReconnectSeconds <= 300)) problems.push('AMQP_RECONNECT_SECONDS must be a number of seconds from 0 to 300');
  const shutdownGraceSeconds = Number(env.SHUTDOWN_GRACE_SECONDS || 10);
  if (!(shutdownGraceSeconds > 0 && shutdownGraceSeconds <= 3600)) problems.push('SHUTDOWN_GRACE_SECONDS must be a number of seconds above 0, at most 3600');
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\/\S+$/.test(redisUrl)) problems.push('REDIS_URL must look like redis://host:6379');
  const redisAdapter = (env.REDIS_ADAPTER || 'sharded') as AppConfig['redisAdapter'];
  if (!['sharded', 'streams'].includes(redisAdapter)) problems.push('REDIS_ADAPTER must be sharded or streams');
  const inbox = readInbox(env, problems);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters, e.g. METRICS_TOKEN=$(openssl rand -hex 24)');
  // Read by the logger, made before the configuration; only checked here, with the rest.
  if (!readLogFormat(env)) problems.push(`LOG_FORMAT must be text or json, got "${env.LOG_FORMAT}"`);
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    production,
    jwtSecret,
    jwtSecretGenerated,
    devSignIn,
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwtAudience: env.JWT_AUDIENCE || undefined,
    amqpUrl,
    amqpReconnectSeconds,
    shutdownGraceMs: Math.round(shutdownGraceSeconds * 1000),
    queue,
    redisUrl,
    redisStream: env.REDIS_STREAM || 'notifications',
    redisAdapter,
    redisChannelPrefix: env.REDIS_CHANNEL_PREFIX || 'notifications',
    corsOrigins: readCors(env.CORS_ORIGINS),
    metricsToken,
    inbox,
  };
}
