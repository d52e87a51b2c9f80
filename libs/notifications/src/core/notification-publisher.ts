import { Inject, Injectable } from '@nestjs/common';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { NOTIFICATIONS_TRANSPORT, roleRoom, userRoom } from '../notifications.constants.js';
import type { NotificationEnvelope, NotificationRequest } from '../notifications.events.js';
import type { NotificationsTransport } from './notifications-transport.interface.js';
import { uuidv7 } from './uuidv7.js';

/** Turns a valid request into one envelope and hands it to the transport. */
@Injectable()
export class NotificationPublisher {
  constructor(
    @Inject(NOTIFICATIONS_TRANSPORT) private readonly transport: NotificationsTransport,
    private readonly metrics: NotificationsMetrics,
  ) {}

  /** @param key idempotency key; used once the inbox stores notifications */
  async publish(request: NotificationRequest, key?: string): Promise<NotificationEnvelope> {
    void key;
    const envelope = this.envelope(request.type, request.data);
    if (request.broadcast) {
      this.transport.broadcast(envelope);
    } else {
      const rooms = [...(request.userIds ?? []).map(userRoom), ...(request.roles ?? []).map(roleRoom)];
      this.transport.toRooms(rooms, envelope);
    }
    this.metrics.pushed(request.type, { users: !!request.userIds?.length, roles: !!request.roles?.length, broadcast: !!request.broadcast });
    return envelope;
  }

  stats(): { sockets: number; rooms: number } {
    return this.transport.stats();
  }

  private envelope(type: string, data: unknown): NotificationEnvelope {
    return { id: uuidv7(), type, data: data ?? null, createdAt: new Date().toISOString() };
  }
}
