import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { notificationsQueueOptions, setupNotifications } from '#notifications';
import { AmqpTestClient } from './amqp.js';
import { CapturingLogger } from './capturing-logger.js';
import { consumerProbe } from './test-app.js';

/** A host app of a test's own (not the demo), with the module's consumer on `queue`. */
export interface HostApp {
  app: INestApplication;
  url: string;
  amqp: AmqpTestClient;
  logger: CapturingLogger;
  /** Closes the app, deletes `queue` (+ .dlq/.dlx); safe after a start that failed halfway. */
  close(): Promise<void>;
}

/**
 * Boots `module` as a host would (`setupNotifications`, then its own `configure`), on a
 * random port, and resolves once the notifications consumer is connected.
 */
export async function startHostApp(module: unknown, queue: string, configure?: (app: INestApplication) => void): Promise<HostApp> {
  const logger = new CapturingLogger();
  const amqp = await AmqpTestClient.open();
  let app: INestApplication | undefined;
  const close = async () => {
    await app?.close();
    await amqp.deleteQueues(queue);
    await amqp.close();
  };
  try {
    app = await NestFactory.create(module as never, { logger, abortOnError: false });
    setupNotifications(app);
    configure?.(app);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await amqp.channel.assertQueue(queue, notificationsQueueOptions(queue));
    await consumerProbe(app).ready();
    return { app, url, amqp, logger, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
