import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { NotificationPublisher } from '../core/notification-publisher.js';
import { SocketIoTransport } from '../gateway/socket-io.transport.js';
import { MESSAGES, RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { NotificationsRmqServer } from '../rmq/notifications-rmq.server.js';

/**
 * Shutdown in the order that loses nothing. Nest's own order closes the Socket.IO
 * server first and the microservices last, so the consumer kept acking messages
 * pushed into an empty namespace. This runs before both (beforeApplicationShutdown):
 * stop consuming, finish and ack what is in flight, then tell the sockets and close
 * them, all within `shutdownGraceMs`. Nest then closes the servers and connections.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationsShutdown');
  private done?: Promise<void>;

  constructor(
    private readonly consumer: NotificationsRmqServer,
    private readonly transport: SocketIoTransport,
    private readonly publisher: NotificationPublisher,
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions,
  ) {}

  beforeApplicationShutdown(): Promise<void> {
    return (this.done ??= this.run());
  }

  private async run(): Promise<void> {
    const grace = this.options.shutdownGraceMs;
    const deadline = Date.now() + grace;
    const left = () => Math.max(0, deadline - Date.now());
    this.logger.log(MESSAGES.shutdownStarted(grace));
    this.transport.accepting = false;
    if (this.consumer.attached) await this.consumer.drain(left());
    // Notifications accepted over HTTP or from code are stored and pushed before the sockets close.
    await this.publisher.idle(left());
    await this.transport.shutdown(left());
  }
}
