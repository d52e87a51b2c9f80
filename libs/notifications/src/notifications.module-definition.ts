import { ConfigurableModuleBuilder } from '@nestjs/common';
import { DEFAULTS } from './notifications.constants.js';
import { notificationsGateway } from './gateway/notifications.gateway.js';
import { inboxHttpController } from './http/inbox-http.controller.js';
import { notificationsHttpController } from './http/notifications-http.controller.js';
import { notificationsMetricsController } from './metrics/metrics.controller.js';
import type { NotificationsModuleExtras, NotificationsModuleOptions } from './notifications-options.interface.js';

const httpControllers = (path: string) => [inboxHttpController(path), notificationsHttpController(path)];

/**
 * Route and namespace must be known when the module is compiled, before any async
 * options resolve, so they are "extras" of both forRoot and forRootAsync.
 */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: NOTIFICATIONS_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<NotificationsModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<Required<NotificationsModuleExtras>>(
    { isGlobal: true, http: { path: DEFAULTS.httpPath }, namespace: DEFAULTS.namespace, metricsPath: false },
    (definition, { isGlobal, http, namespace, metricsPath }) => ({
      ...definition,
      global: isGlobal,
      controllers: [
        ...(definition.controllers ?? []),
        ...(http === false ? [] : httpControllers(http.path ?? DEFAULTS.httpPath)),
        ...(metricsPath === false ? [] : [notificationsMetricsController(metricsPath)]),
      ],
      providers: [...(definition.providers ?? []), notificationsGateway(namespace)],
    }),
  )
  .build();
