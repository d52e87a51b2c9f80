import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

export const EVENTS_CLIENT = Symbol('EVENTS_CLIENT');
const PUBLISH_TIMEOUT_MS = 3000;

/** Publishes business events to RabbitMQ as `{ pattern, data }` through Nest's ClientProxy. */
@Injectable()
export class EventsPublisher {
  private readonly logger = new Logger(EventsPublisher.name);

  constructor(@Inject(EVENTS_CLIENT) private readonly client: ClientProxy) {}

  async publish(pattern: string, data: object): Promise<void> {
    try {
      await lastValueFrom(this.client.emit(pattern, data).pipe(timeout(PUBLISH_TIMEOUT_MS)), { defaultValue: undefined });
    } catch (error) {
      this.logger.error(`Could not publish ${pattern}: ${(error as Error)?.message ?? error}`);
      throw new ServiceUnavailableException('The event bus is unavailable; try again shortly');
    }
  }
}
