import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseWsExceptionFilter } from '@nestjs/websockets';
import { NotificationsError } from '../notifications.errors.js';
import type { NotifyAck } from '../notifications.events.js';

/** Answers a failed client `notify` through its ack callback instead of an `exception` event. */
@Catch()
export class NotifyAckFilter extends BaseWsExceptionFilter {
  private readonly logger = new Logger('NotificationsGateway');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const ack: unknown = host.getArgByIndex(2);
    if (typeof ack !== 'function') return super.catch(exception, host);
    if (exception instanceof NotificationsError) {
      ack({ ok: false, error: exception.toJSON() } satisfies NotifyAck);
      return;
    }
    this.logger.error(exception);
    ack({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } } satisfies NotifyAck);
  }
}
