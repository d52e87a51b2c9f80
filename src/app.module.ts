import { DynamicModule, Module } from '@nestjs/common';
import { NotificationsModule } from '#notifications';
import { AppConfigModule, APP_CONFIG } from './config/app-config.module.js';
import type { AppConfig } from './config/app-config.js';
import { DevTokenController } from './dev/dev-token.controller.js';
import { EventsModule } from './events/events.module.js';
import { FollowsController } from './follows/follows.controller.js';
import { HealthController } from './health/health.controller.js';
import { notificationEvents } from './notifications/notification-events.js';
import { OrdersController } from './orders/orders.controller.js';
import { UiConfigController } from './ui/ui-config.controller.js';

/** The demo host: a customer's backend that imports the notifications module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        NotificationsModule.forRootAsync({
          // Only behind a token: a default start listens on every interface, and the counts describe the users.
          metricsPath: config.metricsToken ? 'metrics' : false,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            jwt: { secret: c.jwtSecret, algorithms: ['HS256'], issuer: c.jwtIssuer, audience: c.jwtAudience },
            corsOrigins: c.corsOrigins,
            rabbitmq: { urls: [c.amqpUrl], queue: c.queue, reconnectSeconds: c.amqpReconnectSeconds },
            events: notificationEvents('admin'),
            shutdownGraceMs: c.shutdownGraceMs,
            ...(c.metricsToken ? { metrics: { token: c.metricsToken } } : {}),
            inbox: c.inbox.enabled && {
              store: c.inbox.databaseUrl ? { postgres: { connectionString: c.inbox.databaseUrl, schema: c.inbox.schema } } : 'memory',
              maxPerFeed: c.inbox.maxPerFeed,
              maxAgeDays: c.inbox.maxAgeDays,
              sweepEverySeconds: c.inbox.sweepSeconds,
            },
            redis: c.redisUrl
              ? { url: c.redisUrl, adapter: c.redisAdapter, streamName: c.redisStream, channelPrefix: c.redisChannelPrefix }
              : undefined,
          }),
        }),
        EventsModule,
      ],
      controllers: [
        FollowsController,
        OrdersController,
        HealthController,
        UiConfigController,
        // Mints admin tokens for anyone: only when the host asks for it (DEV_SIGN_IN=true), never in production.
        ...(config.devSignIn ? [DevTokenController] : []),
      ],
    };
  }
}
