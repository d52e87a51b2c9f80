import type { NotificationEventTable, OrderCreatedEvent, UserFollowedEvent } from '../notifications.events.js';
import { LIMITS } from '../notifications.constants.js';

const isId = (value: unknown): boolean =>
  (typeof value === 'string' && value.length > 0 && value.length <= LIMITS.idMaxLength) ||
  (typeof value === 'number' && Number.isSafeInteger(value));

const idProblem = (field: string) => `${field} must be a non-empty string (at most ${LIMITS.idMaxLength} chars) or an integer`;

/**
 * The events a host gets when it configures none: the contract the gateway started
 * with. `user.followed` goes to the followee, `order.created` to the admin role.
 */
export function defaultEvents(adminRole: string): NotificationEventTable {
  return {
    'user.followed': {
      toUser: (e: UserFollowedEvent) => e.followeeId,
      validate: (e: UserFollowedEvent) => ['followerId', 'followeeId'].filter((f) => !isId(e[f])).map(idProblem),
      key: (e: UserFollowedEvent) => `user.followed:${e.followerId}:${e.followeeId}:${e.followedAt ?? ''}`,
    },
    'order.created': {
      toRole: adminRole,
      validate: (e: OrderCreatedEvent) => [
        ...(isId(e.orderId) ? [] : [idProblem('orderId')]),
        ...(e.userId === undefined || isId(e.userId) ? [] : [idProblem('userId')]),
        ...(e.total === undefined || (typeof e.total === 'number' && Number.isFinite(e.total)) ? [] : ['total must be a finite number']),
      ],
      key: (e: OrderCreatedEvent) => `order.created:${e.orderId}`,
    },
  };
}
