import { Injectable } from '@nestjs/common';
import { NotificationPublisher } from '../core/notification-publisher.js';
import { InboxStore, type StoreState } from '../inbox/inbox-store.js';
import { NotificationsRmqServer } from '../rmq/notifications-rmq.server.js';

export type ConsumerState = 'connecting' | 'connected' | 'disconnected' | 'disabled';

/** What the indicator reports under its key, terminus-style (`status` is `up` or `down`). */
export interface NotificationsHealth {
  status: 'up' | 'down';
  /** The RabbitMQ consumer; `disabled` when the host did not connect it. */
  consumer: ConsumerState;
  /** The inbox store: `disabled` without an inbox, `down` while it cannot be reached. */
  store: StoreState;
  sockets: number;
}

/**
 * The module's health for the host's own `/health`, through DI. The shape is
 * terminus's `HealthIndicatorResult`, so it drops into `HealthCheckService.check`:
 * `() => notificationsHealth.isHealthy('notifications')`.
 */
@Injectable()
export class NotificationsHealthIndicator {
  constructor(
    private readonly consumer: NotificationsRmqServer,
    private readonly publisher: NotificationPublisher,
    private readonly inbox: InboxStore,
  ) {}

  async isHealthy<K extends string = 'notifications'>(key: K = 'notifications' as K): Promise<Record<K, NotificationsHealth>> {
    const consumer: ConsumerState = this.consumer.attached ? this.consumer.state : 'disabled';
    const store = this.inbox.state;
    const up = (consumer === 'connected' || consumer === 'disabled') && (store === 'up' || store === 'disabled');
    const health: NotificationsHealth = { status: up ? 'up' : 'down', consumer, store, sockets: this.publisher.stats().sockets };
    return { [key]: health } as Record<K, NotificationsHealth>;
  }
}
