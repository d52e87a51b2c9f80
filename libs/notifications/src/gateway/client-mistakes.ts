import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { LIMITS } from '../notifications.constants.js';

/**
 * Logs a client's mistakes (bad payloads, refused events, floods) as one warning
 * per socket per minute at most, without a stack: a misbehaving client must not be
 * able to flood the logs or slow the server down by writing them.
 */
@Injectable()
export class ClientMistakes {
  private readonly logger = new Logger('NotificationsGateway');
  private readonly lastLogged = new WeakMap<Socket, { at: number; suppressed: number }>();

  report(socket: Socket, code: string, message: string, now = Date.now()): void {
    const last = this.lastLogged.get(socket);
    if (last && now - last.at < LIMITS.mistakeLogIntervalMs) {
      last.suppressed++;
      return;
    }
    const suppressed = last?.suppressed ? ` (${last.suppressed} more since the last report)` : '';
    this.lastLogged.set(socket, { at: now, suppressed: 0 });
    const user = (socket.data as { user?: { id: string } }).user?.id ?? 'unknown';
    this.logger.warn(`Client mistake from user ${user} (socket ${socket.id}): ${code} ${message}${suppressed}`);
  }
}
