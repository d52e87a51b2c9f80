import { Inject, Injectable } from '@nestjs/common';
import { EventTable } from '../events/event-table.js';
import { MESSAGES, NOTIFICATION_SEND_PATTERN, RESOLVED_OPTIONS } from '../notifications.constants.js';
import { NotificationsForbiddenError } from '../notifications.errors.js';
import type { AuthenticatedUser, InboxPage, NotificationEnvelope } from '../notifications.events.js';
import { InboxService } from './inbox.service.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { parseNotificationRequest } from './notification-request.validator.js';
import { NotificationPublisher } from './notification-publisher.js';

/** A message from the broker, as the consumer hands it over. */
export interface InboundMessage {
  pattern: string;
  data: unknown;
  /** The AMQP `messageId`, when the publisher set one: the idempotency key. */
  messageId?: string;
}

/**
 * Sends notifications from host code, REST, the socket and RabbitMQ, and reads the
 * inbox. A send resolves with the one envelope it sent, once it is stored (when the
 * module keeps an inbox) and handed to the sockets.
 * Sends throw StoreUnavailableError while the store cannot be reached.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly publisher: NotificationPublisher,
    private readonly events: EventTable,
    private readonly inbox: InboxService,
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions,
  ) {}

  /** Every socket of one user. */
  toUser<T>(userId: string, type: string, data?: T): Promise<NotificationEnvelope<T>> {
    return this.send({ type, data, userIds: [userId] }) as Promise<NotificationEnvelope<T>>;
  }

  /** Every socket of each user; a user in the list twice gets it once. */
  toUsers<T>(userIds: string[], type: string, data?: T): Promise<NotificationEnvelope<T>> {
    return this.send({ type, data, userIds }) as Promise<NotificationEnvelope<T>>;
  }

  /** Every socket whose token carries `role`. */
  toRole<T>(role: string, type: string, data?: T): Promise<NotificationEnvelope<T>> {
    return this.send({ type, data, roles: [role] }) as Promise<NotificationEnvelope<T>>;
  }

  /** Every connected socket. */
  broadcast<T>(type: string, data?: T): Promise<NotificationEnvelope<T>> {
    return this.send({ type, data, broadcast: true }) as Promise<NotificationEnvelope<T>>;
  }

  /** Validates a request `{ type, data?, userIds?, roles?, broadcast? }` and sends it. */
  async send(input: unknown): Promise<NotificationEnvelope> {
    return this.publisher.publish(parseNotificationRequest(input));
  }

  /** As `send`, on behalf of an authenticated user, who must hold the admin role. */
  async sendAs(sender: AuthenticatedUser, input: unknown): Promise<NotificationEnvelope> {
    if (!sender.roles.includes(this.options.adminRole)) {
      throw new NotificationsForbiddenError(MESSAGES.forbidden(this.options.adminRole));
    }
    return this.send(input);
  }

  /**
   * A message from RabbitMQ: `notification.send`, or a business event of the table.
   * Business events skip the generic data-size check: the consumer refuses AMQP
   * messages over the limit before parsing them.
   */
  async receive({ pattern, data, messageId }: InboundMessage): Promise<NotificationEnvelope> {
    // The message stays unacked in RabbitMQ while the store is down: wait for it rather than fail.
    if (pattern === NOTIFICATION_SEND_PATTERN) return this.publisher.publish(parseNotificationRequest(data), messageId, true);
    const { request, key } = this.events.map(pattern, data);
    return this.publisher.publish(request, messageId ?? key, true);
  }

  /** A page of the user's inbox, newest first: `limit` 1-100 (20), `before` a cursor from the previous page. */
  listInbox(user: AuthenticatedUser, query: { limit?: number | string; before?: string } = {}): Promise<InboxPage> {
    return this.inbox.list(user, query);
  }

  unreadCount(user: AuthenticatedUser): Promise<number> {
    return this.inbox.unreadCount(user);
  }

  /** Marks `{ ids: [...] }` or `{ all: true }` read; every socket of the user gets the new count. @returns it */
  markRead(user: AuthenticatedUser, request: { ids: string[] } | { all: true }): Promise<number> {
    return this.inbox.markRead(user, request);
  }

  /**
   * `inbox:check`: whether the user's client has everything up to its cursor, from what it
   * says it received since its sync point, and the newest cursor of its inbox.
   * @throws InvalidPayloadError, InboxDisabledError, StoreUnavailableError
   */
  checkInbox(user: AuthenticatedUser, request: unknown): Promise<{ complete: boolean; newest?: string }> {
    return this.inbox.check(user, request);
  }

  /** Live counts, for health checks and leak tests. */
  stats(): { sockets: number; rooms: number } {
    return this.publisher.stats();
  }
}
