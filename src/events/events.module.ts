import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { notificationsQueueOptions } from '#notifications';
import { APP_CONFIG } from '../config/app-config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { EVENTS_CLIENT, EventsPublisher } from './events-publisher.service.js';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: EVENTS_CLIENT,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => ({
          transport: Transport.RMQ,
          options: {
            urls: [config.amqpUrl],
            queue: config.queue,
            // Same declaration as the consumer's, so events published before it starts are kept.
            queueOptions: notificationsQueueOptions(config.queue),
            persistent: true,
            socketOptions: { reconnectTimeInSeconds: config.amqpReconnectSeconds },
          },
        }),
      },
    ]),
  ],
  providers: [EventsPublisher],
  exports: [EventsPublisher],
})
export class EventsModule {}
