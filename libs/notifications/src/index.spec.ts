import * as api from './index.js';

/**
 * Every export is a promise to hosts: this list changes only on purpose. Internals
 * (defaults, token helpers, the adapter, stores, the consumer class) stay out.
 */
describe('the public API', () => {
  it('exports exactly what a host uses', () => {
    expect(Object.keys(api).sort()).toEqual([
      'EventMappingError',
      'HttpAuthGuard',
      'InboxDisabledError',
      'InvalidPayloadError',
      'MalformedMessageError',
      'NotificationsAuthError',
      'NotificationsConfigError',
      'NotificationsError',
      'NotificationsForbiddenError',
      'NotificationsHealthIndicator',
      'NotificationsMetrics',
      'NotificationsModule',
      'NotificationsService',
      'StoreUnavailableError',
      'UnknownPatternError',
      'jwtSecretProblems',
      'notificationsQueueOptions',
      'setupNotifications',
    ]);
  });
});
