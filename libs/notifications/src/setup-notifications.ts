import type { INestApplication } from '@nestjs/common';
import { NotificationsIoAdapter } from './gateway/notifications-io.adapter.js';
import { RESOLVED_OPTIONS } from './notifications.constants.js';
import type { ResolvedNotificationsOptions } from './notifications-options.interface.js';
import { NotificationsRmqServer } from './rmq/notifications-rmq.server.js';

export interface SetupNotificationsOptions {
  /** Install NotificationsIoAdapter (CORS from the module options). Default true. */
  socketAdapter?: boolean;
  /** Connect the RabbitMQ consumer as a hybrid-app microservice. Default true. */
  consumer?: boolean;
}

/**
 * Wires the module into a created (not yet listening) app. Call before `app.listen()`,
 * then `app.startAllMicroservices()`; the consumer connects in the background.
 * @returns the consumer, whose `ready` promise and `state` report the broker link.
 */
export function setupNotifications(
  app: INestApplication,
  { socketAdapter = true, consumer = true }: SetupNotificationsOptions = {},
): NotificationsRmqServer | undefined {
  if (socketAdapter) app.useWebSocketAdapter(new NotificationsIoAdapter(app));
  if (!consumer) return undefined;
  const options = app.get<ResolvedNotificationsOptions>(RESOLVED_OPTIONS);
  const server = new NotificationsRmqServer(options.rabbitmq);
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  return server;
}
