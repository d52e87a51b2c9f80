import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { MESSAGES, RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { NotifyAck } from '../notifications.events.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { ClientMistakes } from './client-mistakes.js';
import { ClientRateLimiter } from './client-rate-limiter.js';

/**
 * Every event a client sends passes here before any handler runs: within the rate
 * it goes on; over it, it is answered RATE_LIMITED (or dropped when it has no ack);
 * a socket that keeps flooding is disconnected.
 */
@Injectable()
export class ClientEventGate {
  private readonly logger = new Logger('NotificationsGateway');
  private readonly limiter: ClientRateLimiter;
  private readonly limitedMessage: string;

  constructor(
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions,
    private readonly mistakes: ClientMistakes,
    private readonly metrics: NotificationsMetrics,
  ) {
    const { eventsPerSecond, eventBurst, disconnectAfterRefused } = options.limits;
    this.limiter = new ClientRateLimiter({ perSecond: eventsPerSecond, burst: eventBurst, disconnectAfter: disconnectAfterRefused });
    this.limitedMessage = MESSAGES.rateLimited(eventsPerSecond);
  }

  /** `cost`: how many events this one counts as (see LIMITS.inboxCheckCost). */
  admit(socket: Socket, ack: unknown, cost = 1): boolean {
    const verdict = this.limiter.take(socket, cost);
    if (verdict === 'ok') return true;
    if (typeof ack === 'function') ack({ ok: false, error: { code: 'RATE_LIMITED', message: this.limitedMessage } } satisfies NotifyAck);
    this.metrics.clientLimit(verdict === 'abusive' ? 'flood_disconnect' : 'rate_limited');
    if (verdict === 'abusive') {
      const user = (socket.data as { user?: { id: string } }).user?.id ?? 'unknown';
      this.logger.warn(`${MESSAGES.abusive(this.options.limits.disconnectAfterRefused)}: user ${user} (socket ${socket.id})`);
      socket.disconnect(true);
    } else {
      this.mistakes.report(socket, 'RATE_LIMITED', this.limitedMessage);
    }
    return false;
  }
}
