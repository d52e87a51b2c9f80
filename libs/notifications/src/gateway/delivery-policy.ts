import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { MESSAGES, RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { installDeliveryFilter } from './delivery-filter.js';
import { ReplayGates } from './replay-gates.js';
import { SlowConsumerGuard } from './slow-consumer-guard.js';

/** Decides, per socket and broadcast, whether a push is written to it. */
@Injectable()
export class DeliveryPolicy {
  private readonly logger = new Logger('NotificationsGateway');
  readonly slow: SlowConsumerGuard;
  readonly replays = new ReplayGates();

  constructor(
    @Inject(RESOLVED_OPTIONS) options: ResolvedNotificationsOptions,
    private readonly metrics: NotificationsMetrics,
  ) {
    const max = options.limits.maxBufferedBytes;
    this.slow = new SlowConsumerGuard(max, (socket: Socket, bytes: number) => {
      metrics.clientLimit('slow_consumer_cut');
      const user = (socket.data as { user?: { id: string } }).user?.id ?? 'unknown';
      this.logger.warn(MESSAGES.slowConsumer(user, bytes, max));
    });
  }

  install(namespace: Namespace): void {
    installDeliveryFilter(namespace, (socket, packet) => this.slow.allows(socket) && (!this.replays.active || this.replays.allows(socket, packet)));
    this.metrics.observe({ sockets: () => namespace.sockets.size, bufferedBytes: () => this.bufferedBytes(namespace) });
  }

  /** What is queued for sockets that are behind, summed at scrape time (the healthy ones hold nothing). */
  private bufferedBytes(namespace: Namespace): number {
    let total = 0;
    for (const socket of namespace.sockets.values()) {
      if ((socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length) total += this.slow.queued(socket.conn as never);
    }
    return total;
  }
}
