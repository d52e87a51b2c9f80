import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { NotificationsHealthIndicator, type ConsumerState } from '#notifications';
import { startApp, type RunningApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { AmqpTestClient } from './amqp.js';
import { CapturingLogger } from './capturing-logger.js';
import { TEST_METRICS_TOKEN } from './metrics.js';
import { TestTokens } from './tokens.js';
import { dropSchema } from './postgres.js';
import { waitUntil } from './wait-until.js';

/** The RabbitMQ consumer as the host sees it: through the module's health indicator. */
export interface ConsumerProbe {
  state(): Promise<ConsumerState>;
  /** Resolves once the consumer is connected and consuming (bounded). */
  ready(ms?: number): Promise<void>;
}

export interface TestApp extends RunningApp {
  consumer: ConsumerProbe;
  config: AppConfig;
  tokens: TestTokens;
  logger: CapturingLogger;
  amqp: AmqpTestClient;
  queue: string;
  dlq: string;
  /** Stops the app only (queues stay); safe to call more than once. */
  stopApp(): Promise<void>;
  close(): Promise<void>;
}

/** The consumer's state read through the module's health indicator, as a host would. */
export function consumerProbe(app: INestApplicationContext): ConsumerProbe {
  const health = app.get(NotificationsHealthIndicator);
  const state = async () => (await health.isHealthy()).notifications.consumer;
  return {
    state,
    ready: (ms = 10_000) => waitUntil(async () => (await state()) === 'connected', 'the consumer is connected', ms),
  };
}

export const uniqueQueue = (label: string): string => `test.${label}.${randomBytes(4).toString('hex')}`;

/** Boots the demo app on a random port with a fresh secret and a unique queue. */
export async function startTestApp(env: Record<string, string> = {}, label = 'e2e'): Promise<TestApp> {
  const config = loadConfig({
    PORT: '0',
    JWT_SECRET: randomBytes(32).toString('hex'),
    NOTIFICATIONS_QUEUE: uniqueQueue(label),
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...env,
  });
  const logger = new CapturingLogger();
  const running = await startApp(config, logger);
  const amqp = await AmqpTestClient.open();
  const tokens = new TestTokens(config.jwtSecret, {
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  });
  const consumer = consumerProbe(running.app);
  let stopped: Promise<void> | undefined;
  const stopApp = () => (stopped ??= running.app.close());
  return {
    ...running,
    consumer,
    config,
    tokens,
    logger,
    amqp,
    queue: config.queue,
    dlq: `${config.queue}.dlq`,
    stopApp,
    async close() {
      await stopApp();
      await amqp.deleteQueues(config.queue);
      await amqp.close();
      if (config.inbox.databaseUrl) await dropSchema(config.inbox.schema);
    },
  };
}
