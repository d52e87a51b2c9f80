import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config.js';

const STRONG = 'demo-config-spec-9c4e1b7a3d5f2086';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      production: false,
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      queue: 'notifications',
      amqpReconnectSeconds: 5,
      shutdownGraceMs: 10_000,
      redisUrl: undefined,
      corsOrigins: [],
      jwtSecretGenerated: true,
      inbox: { enabled: true, databaseUrl: undefined, schema: 'notifications', maxPerFeed: 1000, maxAgeDays: 30, sweepSeconds: 60 },
      devSignIn: false,
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      JWT_SECRET: STRONG,
      DEV_SIGN_IN: 'true',
      JWT_ISSUER: 'iss',
      JWT_AUDIENCE: 'aud',
      AMQP_URL: 'amqp://u:p@broker:5672',
      NOTIFICATIONS_QUEUE: 'q.1',
      CORS_ORIGINS: 'http://a.test, http://b.test',
      REDIS_URL: 'redis://cache:6379',
      REDIS_STREAM: 's1',
      REDIS_ADAPTER: 'streams',
      REDIS_CHANNEL_PREFIX: 'p1',
      DATABASE_URL: 'postgres://app@db:5432/app',
      DATABASE_SCHEMA: 'inbox_1',
      INBOX_MAX_PER_FEED: '50',
      INBOX_MAX_AGE_DAYS: '7',
      INBOX_SWEEP_SECONDS: '5',
      LOG_FORMAT: 'json',
      SHUTDOWN_GRACE_SECONDS: '2.5',
      METRICS_TOKEN: 'metrics-token-4f1c9e7a2b',
    });
    expect(config).toMatchObject({
      port: 8080,
      jwtSecret: STRONG,
      devSignIn: true,
      jwtSecretGenerated: false,
      jwtIssuer: 'iss',
      jwtAudience: 'aud',
      amqpUrl: 'amqp://u:p@broker:5672',
      queue: 'q.1',
      shutdownGraceMs: 2500,
      corsOrigins: ['http://a.test', 'http://b.test'],
      redisUrl: 'redis://cache:6379',
      redisStream: 's1',
      redisAdapter: 'streams',
      redisChannelPrefix: 'p1',
      inbox: { enabled: true, databaseUrl: 'postgres://app@db:5432/app', schema: 'inbox_1', maxPerFeed: 50, maxAgeDays: 7, sweepSeconds: 5 },
      metricsToken: 'metrics-token-4f1c9e7a2b',
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
  });

  it.each(['0', '-1', 'soon', '3601'])('refuses SHUTDOWN_GRACE_SECONDS=%s', (value) => {
    expect(problemsOf({ SHUTDOWN_GRACE_SECONDS: value })).toEqual(['SHUTDOWN_GRACE_SECONDS must be a number of seconds above 0, at most 3600']);
  });

  it('refuses a METRICS_TOKEN short enough to guess', () => {
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters, e.g. METRICS_TOKEN=$(openssl rand -hex 24)']);
  });

  it('INBOX=off keeps no inbox', () => {
    expect(loadConfig({ INBOX: 'off' }).inbox.enabled).toBe(false);
    expect(() => loadConfig({ INBOX: 'maybe' })).toThrow(/INBOX must be on or off/);
  });

  it('stops production start-up without a secret, with a clear message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
  });

  it('reports every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', JWT_SECRET: 'short', AMQP_URL: 'http://x', NOTIFICATIONS_QUEUE: 'bad queue' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.message).toMatch(/PORT must be an integer/);
  });

  it('refuses an unknown LOG_FORMAT', () => {
    expect(problemsOf({ LOG_FORMAT: 'xml' })).toEqual(['LOG_FORMAT must be text or json, got "xml"']);
  });

  it.each(['prod', 'Production', 'PRODUCTION', ' production '])('treats NODE_ENV=%s as production', (nodeEnv) => {
    expect(problemsOf({ NODE_ENV: nodeEnv })).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
    expect(loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: STRONG }).production).toBe(true);
  });

  it('turns dev sign-in on only with DEV_SIGN_IN=true, and never in production', () => {
    expect(loadConfig({}).devSignIn).toBe(false);
    expect(loadConfig({ JWT_SECRET: STRONG }).devSignIn).toBe(false);
    expect(loadConfig({ DEV_SIGN_IN: 'false' }).devSignIn).toBe(false);
    expect(loadConfig({ DEV_SIGN_IN: 'true' }).devSignIn).toBe(true);
    expect(loadConfig({ DEV_SIGN_IN: 'true', JWT_SECRET: STRONG }).devSignIn).toBe(true);
    expect(problemsOf({ DEV_SIGN_IN: 'yes' })).toEqual(['DEV_SIGN_IN must be true or false, got "yes"']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: STRONG, DEV_SIGN_IN: 'true' })).toEqual([
      'DEV_SIGN_IN=true is refused with NODE_ENV=production: it lets anyone mint an admin token',
    ]);
  });

  describe.each(['production', 'development'])('JWT_SECRET strength with NODE_ENV=%s', (nodeEnv) => {
    it.each([
      ['32 spaces', ' '.repeat(32), /whitespace/],
      ['32 x "a"', 'a'.repeat(32), /only 1 distinct characters/],
      ['"abab…"', 'ab'.repeat(16), /only 2 distinct characters/],
      ['a space inside', 'k7Qp2vX9mL4tR8wZ n3bF6hJ1cY5gD0sE', /whitespace/],
      ['spaces around', ' k7Qp2vX9mL4tR8wZn3bF6hJ1cY5gD0sE ', /whitespace/],
      ['31 characters', 'k7Qp2vX9mL4tR8wZn3bF6hJ1cY5gD0s', /31 bytes long; at least 32/],
    ])('refuses %s with a clear message', (_label, secret, reason) => {
      const [problem, ...rest] = problemsOf({ NODE_ENV: nodeEnv, JWT_SECRET: secret });
      expect(rest).toEqual([]);
      expect(problem).toMatch(/^JWT_SECRET is too weak: /);
      expect(problem).toMatch(reason);
      expect(problem).toMatch(/openssl rand -hex 32/);
    });

    it('accepts a random one', () => {
      expect(loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: randomBytes(32).toString('hex') }).jwtSecretGenerated).toBe(false);
    });
  });
});
