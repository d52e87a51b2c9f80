import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_TRANSPORT, RESOLVED_OPTIONS, roleRoom, userRoom } from '../notifications.constants.js';
import { MESSAGES } from '../notifications.constants.js';
import { NotificationsForbiddenError } from '../notifications.errors.js';
import type {
  AuthenticatedUser,
  NotificationEnvelope,
  NotificationRequest,
} from '../notifications.events.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import type { NotificationsTransport } from './notifications-transport.interface.js';
import { mapOrderCreated, mapUserFollowed } from './business-event.mapper.js';
import { parseNotificationRequest } from './notification-request.validator.js';
import { uuidv7 } from './uuidv7.js';

/**
 * Pushes notifications to connected users. Every method builds one envelope,
 * hands it to the transport and returns it.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(NOTIFICATIONS_TRANSPORT) private readonly transport: NotificationsTransport,
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions,
  ) {}

  /** Push to every socket of one user. */
  toUser<T>(userId: string, type: string, data?: T): NotificationEnvelope<T> {
    return this.send({ type, data, userIds: [userId] }) as NotificationEnvelope<T>;
  }

  /** Push to every socket of each user; a user in the list twice gets it once. */
  toUsers<T>(userIds: string[], type: string, data?: T): NotificationEnvelope<T> {
    return this.send({ type, data, userIds }) as NotificationEnvelope<T>;
  }

  /** Push to every socket whose token carries `role`. */
  toRole<T>(role: string, type: string, data?: T): NotificationEnvelope<T> {
    return this.send({ type, data, roles: [role] }) as NotificationEnvelope<T>;
  }

  /** Push to every connected socket. */
  broadcast<T>(type: string, data?: T): NotificationEnvelope<T> {
    return this.send({ type, data, broadcast: true }) as NotificationEnvelope<T>;
  }

  /** Validates a request from outside (REST, socket, AMQP) and pushes it. */
  send(input: unknown): NotificationEnvelope {
    return this.deliver(parseNotificationRequest(input));
  }

  /** As `send`, on behalf of an authenticated user, who must hold the admin role. */
  sendAs(sender: AuthenticatedUser, input: unknown): NotificationEnvelope {
    if (!sender.roles.includes(this.options.adminRole)) {
      throw new NotificationsForbiddenError(MESSAGES.forbidden(this.options.adminRole));
    }
    return this.send(input);
  }

  /**
   * `user.followed` -> the followee. Business events skip the generic data-size
   * check: the consumer refuses AMQP messages over the limit before parsing them.
   */
  userFollowed(data: unknown): NotificationEnvelope {
    return this.deliver(mapUserFollowed(data));
  }

  /** `order.created` -> the admin role. */
  orderCreated(data: unknown): NotificationEnvelope {
    return this.deliver(mapOrderCreated(data, this.options.adminRole));
  }

  /** Live counts from the transport, for health checks and leak tests. */
  stats(): { sockets: number; rooms: number } {
    return this.transport.stats();
  }

  /** Pushes a request that is already valid (the mappers check their own fields). */
  private deliver(request: NotificationRequest): NotificationEnvelope {
    const envelope = this.envelope(request.type, request.data);
    if (request.broadcast) {
      this.transport.broadcast(envelope);
    } else {
      const rooms = [...(request.userIds ?? []).map(userRoom), ...(request.roles ?? []).map(roleRoom)];
      this.transport.toRooms(rooms, envelope);
    }
    return envelope;
  }

  private envelope(type: string, data: unknown): NotificationEnvelope {
    const now = Date.now();
    return { id: uuidv7(now), type, data: data ?? null, createdAt: isoTime(now) };
  }
}

let isoMs = NaN;
let iso = '';
/** `new Date(ms).toISOString()`, formatted once per millisecond (a backlog drain pushes several per ms; bench W5). */
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    iso = new Date(ms).toISOString();
    isoMs = ms;
  }
  return iso;
}
