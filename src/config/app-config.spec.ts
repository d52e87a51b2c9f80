import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      production: false,
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      queue: 'notifications',
      amqpReconnectSeconds: 5,
      redisUrl: undefined,
      corsOrigins: [],
      jwtSecretGenerated: true,
      inbox: { databaseUrl: undefined, schema: 'notifications', maxPerFeed: 1000, maxAgeDays: 30, sweepSeconds: 60 },
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      JWT_SECRET: 's'.repeat(40),
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
    });
    expect(config).toMatchObject({
      port: 8080,
      jwtSecret: 's'.repeat(40),
      jwtSecretGenerated: false,
      jwtIssuer: 'iss',
      jwtAudience: 'aud',
      amqpUrl: 'amqp://u:p@broker:5672',
      queue: 'q.1',
      corsOrigins: ['http://a.test', 'http://b.test'],
      redisUrl: 'redis://cache:6379',
      redisStream: 's1',
      redisAdapter: 'streams',
      redisChannelPrefix: 'p1',
      inbox: { databaseUrl: 'postgres://app@db:5432/app', schema: 'inbox_1', maxPerFeed: 50, maxAgeDays: 7, sweepSeconds: 5 },
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
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
});
