import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { NotificationsError } from '../notifications.errors.js';
import type { NotifyAck } from '../notifications.events.js';
import { ClientMistakes } from './client-mistakes.js';

/**
 * A failed client event is answered through its ack callback; without one it is
 * dropped (no `exception` event, no stack in the log). Client mistakes are logged
 * once per socket per minute at most; anything else is a bug and logged in full.
 */
@Catch()
export class NotifyAckFilter implements WsExceptionFilter {
  private readonly logger = new Logger('NotificationsGateway');

  constructor(private readonly mistakes: ClientMistakes) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack: unknown = host.getArgByIndex(2);
    const reply = (result: NotifyAck) => typeof ack === 'function' && ack(result);
    if (exception instanceof NotificationsError) {
      this.mistakes.report(host.switchToWs().getClient<Socket>(), exception.code, exception.message);
      reply({ ok: false, error: exception.toJSON() });
      return;
    }
    this.logger.error(exception);
    reply({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
  }
}
