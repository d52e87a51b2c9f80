import { Module } from '@nestjs/common';
import { HttpAuthGuard } from './auth/http-auth.guard.js';
import { SocketAuthGuard } from './auth/socket-auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.service.js';
import { NotificationPublisher } from './core/notification-publisher.js';
import { NotificationsService } from './core/notifications.service.js';
import { resolveOptions } from './core/resolve-options.js';
import { EventTable } from './events/event-table.js';
import { ClientEventGate } from './gateway/client-event-gate.js';
import { ClientEvents } from './gateway/client-events.js';
import { ClientMistakes } from './gateway/client-mistakes.js';
import { DeliveryPolicy } from './gateway/delivery-policy.js';
import { InboxSessions } from './gateway/inbox-sessions.js';
import { InboxService } from './core/inbox.service.js';
import { InboxStore } from './inbox/inbox-store.js';
import { RedisLink } from './gateway/redis-link.js';
import { SocketIoTransport } from './gateway/socket-io.transport.js';
import { NotificationsHealthIndicator } from './health/notifications-health.indicator.js';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { NotificationsMetrics } from './metrics/notifications-metrics.js';
import { NOTIFICATIONS_TRANSPORT, REDIS_LINK, RESOLVED_OPTIONS } from './notifications.constants.js';
import type { ResolvedNotificationsOptions } from './notifications-options.interface.js';
import { ConfigurableModuleClass, NOTIFICATIONS_MODULE_OPTIONS } from './notifications.module-definition.js';
import { NotificationsRmqServer } from './rmq/notifications-rmq.server.js';

/**
 * Real-time notifications: the Socket.IO gateway, the RabbitMQ consumer,
 * the REST endpoint and `NotificationsService`. Register with `forRoot` or
 * `forRootAsync`; global by default.
 */
@Module({
  providers: [
    { provide: RESOLVED_OPTIONS, useFactory: resolveOptions, inject: [NOTIFICATIONS_MODULE_OPTIONS] },
    { provide: REDIS_LINK, useFactory: RedisLink.connect, inject: [RESOLVED_OPTIONS] },
    {
      provide: EventTable,
      useFactory: (options: ResolvedNotificationsOptions) => new EventTable(options.events),
      inject: [RESOLVED_OPTIONS],
    },
    {
      provide: NotificationsRmqServer,
      useFactory: (options: ResolvedNotificationsOptions, notifications: NotificationsService, metrics: NotificationsMetrics) =>
        new NotificationsRmqServer(options.rabbitmq, (message) => notifications.receive(message), metrics),
      inject: [RESOLVED_OPTIONS, NotificationsService, NotificationsMetrics],
    },
    TokenVerifier,
    SocketAuthGuard,
    HttpAuthGuard,
    SocketIoTransport,
    { provide: NOTIFICATIONS_TRANSPORT, useExisting: SocketIoTransport },
    NotificationPublisher,
    NotificationsService,
    NotificationsHealthIndicator,
    GracefulShutdown,
    ClientMistakes,
    ClientEventGate,
    ClientEvents,
    DeliveryPolicy,
    NotificationsMetrics,
    InboxStore,
    InboxService,
    InboxSessions,
  ],
  exports: [NotificationsService, NotificationsHealthIndicator, NotificationsMetrics, TokenVerifier, HttpAuthGuard, RESOLVED_OPTIONS],
})
export class NotificationsModule extends ConfigurableModuleClass {}
