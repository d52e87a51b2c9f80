import { Module } from '@nestjs/common';
import { HttpAuthGuard } from './auth/http-auth.guard.js';
import { SocketAuthGuard } from './auth/socket-auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.service.js';
import { NotificationsService } from './core/notifications.service.js';
import { resolveOptions } from './core/resolve-options.js';
import { NotificationsGateway } from './gateway/notifications.gateway.js';
import { SocketIoTransport } from './gateway/socket-io.transport.js';
import { NotificationsHttpController } from './http/notifications-http.controller.js';
import { NOTIFICATIONS_TRANSPORT, REDIS_LINK, RESOLVED_OPTIONS } from './notifications.constants.js';
import { RedisLink } from './gateway/redis-link.js';
import { ConfigurableModuleClass, NOTIFICATIONS_MODULE_OPTIONS } from './notifications.module-definition.js';
import { NotificationsRmqController } from './rmq/notifications-rmq.controller.js';

/**
 * Real-time notifications: the `/notifications` Socket.IO gateway, the RabbitMQ
 * consumer's handlers, `POST /notifications` and `NotificationsService`.
 * Register with `forRoot` / `forRootAsync`; global by default.
 */
@Module({
  controllers: [NotificationsHttpController, NotificationsRmqController],
  providers: [
    { provide: RESOLVED_OPTIONS, useFactory: resolveOptions, inject: [NOTIFICATIONS_MODULE_OPTIONS] },
    { provide: REDIS_LINK, useFactory: RedisLink.connect, inject: [RESOLVED_OPTIONS] },
    TokenVerifier,
    SocketAuthGuard,
    HttpAuthGuard,
    SocketIoTransport,
    { provide: NOTIFICATIONS_TRANSPORT, useExisting: SocketIoTransport },
    NotificationsService,
    NotificationsGateway,
  ],
  exports: [NotificationsService, TokenVerifier, HttpAuthGuard, RESOLVED_OPTIONS],
})
export class NotificationsModule extends ConfigurableModuleClass {}
