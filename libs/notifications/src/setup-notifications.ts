import type { INestApplication } from '@nestjs/common';
import { NotificationsIoAdapter } from './gateway/notifications-io.adapter.js';
import { NotificationsRmqServer } from './rmq/notifications-rmq.server.js';

export interface SetupNotificationsOptions {
  /** Install the module's Socket.IO adapter (CORS, Redis, limits from the module options). Default true. */
  socketAdapter?: boolean;
  /** Connect the RabbitMQ consumer as a hybrid-app microservice. Default true. */
  consumer?: boolean;
}

/**
 * Wires the module into a created (not yet listening) app, on Express or Fastify.
 * Call before `app.listen()`, then `app.startAllMicroservices()`: the consumer
 * connects in the background, and `NotificationsHealthIndicator` reports its state.
 */
export function setupNotifications(
  app: INestApplication,
  { socketAdapter = true, consumer = true }: SetupNotificationsOptions = {},
): void {
  if (socketAdapter) app.useWebSocketAdapter(new NotificationsIoAdapter(app));
  // Not the host's app-wide guards, pipes, interceptors and filters: they are written for its own
  // requests, and an HTTP-only APP_GUARD refused every RabbitMQ message (all dead-lettered).
  if (consumer) app.connectMicroservice({ strategy: app.get(NotificationsRmqServer) }, { inheritAppConfig: false });
}
