/**
 * The public API. Everything else in this package is internal and may change
 * in any release.
 */
export { NotificationsModule } from './notifications.module.js';
export { NotificationsService } from './core/notifications.service.js';
export { HttpAuthGuard } from './auth/http-auth.guard.js';
export {
  NotificationsHealthIndicator,
  type ConsumerState,
  type NotificationsHealth,
} from './health/notifications-health.indicator.js';
export type { StoreState } from './inbox/inbox-store.js';
export { NotificationsMetrics } from './metrics/notifications-metrics.js';
export { setupNotifications, type SetupNotificationsOptions } from './setup-notifications.js';
export { notificationsQueueOptions } from './rmq/queue-topology.js';
export { jwtSecretProblems } from './auth/secret-strength.js';
export type {
  NotificationsInboxOptions,
  NotificationsJwtOptions,
  NotificationsLimitsOptions,
  NotificationsModuleExtras,
  NotificationsModuleOptions,
  NotificationsRabbitOptions,
  NotificationsRedisOptions,
  PostgresPoolLike,
} from './notifications-options.interface.js';
export type {
  AuthenticatedUser,
  ClientToServerEvents,
  EventId,
  InboxCheckAck,
  InboxCheckRequest,
  InboxItem,
  InboxPage,
  InboxReadAck,
  InboxReadRequest,
  InboxReset,
  InboxSynced,
  NotificationEnvelope,
  NotificationEventMapping,
  NotificationEventTable,
  NotificationRequest,
  NotifyAck,
  NotifyError,
  ResumeAuth,
  OrderCreatedEvent,
  ServerToClientEvents,
  UserFollowedEvent,
} from './notifications.events.js';
export {
  EventMappingError,
  InboxDisabledError,
  InvalidPayloadError,
  MalformedMessageError,
  NotificationsAuthError,
  NotificationsConfigError,
  NotificationsError,
  NotificationsForbiddenError,
  StoreUnavailableError,
  UnknownPatternError,
  type AuthErrorCode,
  type NotificationsErrorCode,
} from './notifications.errors.js';
