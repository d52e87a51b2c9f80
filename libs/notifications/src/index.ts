export { NotificationsModule } from './notifications.module.js';
export { ASYNC_OPTIONS_TYPE, OPTIONS_TYPE, NOTIFICATIONS_MODULE_OPTIONS } from './notifications.module-definition.js';
export type {
  NotificationsJwtOptions,
  NotificationsModuleOptions,
  NotificationsRabbitOptions,
  ResolvedNotificationsOptions,
} from './notifications-options.interface.js';
export { NotificationsService } from './core/notifications.service.js';
export { TokenVerifier } from './auth/token-verifier.service.js';
export { HttpAuthGuard } from './auth/http-auth.guard.js';
export { extractToken, redactToken } from './auth/extract-token.js';
export { NotificationsIoAdapter } from './gateway/notifications-io.adapter.js';
export { NotificationsRmqServer, redactUrl, type BrokerState } from './rmq/notifications-rmq.server.js';
export { notificationsQueueOptions } from './rmq/queue-topology.js';
export { setupNotifications, type SetupNotificationsOptions } from './setup-notifications.js';
export {
  DEFAULTS,
  EVENT_PATTERNS,
  NOTIFICATIONS_NAMESPACE,
  NOTIFY_EVENT,
  TOKEN_EXPIRED_EVENT,
  RESOLVED_OPTIONS,
  deadLetterQueue,
  roleRoom,
  userRoom,
} from './notifications.constants.js';
export * from './notifications.errors.js';
export type * from './notifications.events.js';
