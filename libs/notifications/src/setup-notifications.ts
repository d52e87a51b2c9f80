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
  // The consumer binds no Nest handler (its messages go straight to NotificationsService), and it
  // does not take the host's app-wide guards, pipes, interceptors and filters either: they are
  // written for the host's own requests (an HTTP-only APP_GUARD once dead-lettered every message).
  if (consumer) app.connectMicroservice({ strategy: app.get(NotificationsRmqServer) }, { inheritAppConfig: false });
}
