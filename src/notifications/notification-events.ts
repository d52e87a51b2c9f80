import type { NotificationEventTable } from '#notifications';

/** The demo's business events, as the host publishes them (see the follows and orders controllers). */
export const EVENTS = { userFollowed: 'user.followed', orderCreated: 'order.created' } as const;

export interface UserFollowed {
  followerId: string;
  followeeId: string;
  followedAt: string;
}

export interface OrderCreated {
  orderId: string;
  userId: string;
  total: number;
  createdAt: string;
}

const missing = (event: object, fields: string[]) =>
  fields.filter((field) => typeof (event as Record<string, unknown>)[field] !== 'string').map((field) => `${field} must be a string`);

/**
 * Which business event notifies whom: this table is the whole integration. A new
 * event (say `invoice.paid` to the customer) is one more entry, nothing else.
 */
export function notificationEvents(adminRole: string): NotificationEventTable {
  return {
    [EVENTS.userFollowed]: {
      toUser: (e: UserFollowed) => e.followeeId,
      validate: (e: UserFollowed) => missing(e, ['followerId', 'followeeId']),
      key: (e: UserFollowed) => `follow:${e.followerId}:${e.followeeId}:${e.followedAt}`,
    },
    [EVENTS.orderCreated]: {
      toRole: adminRole,
      validate: (e: OrderCreated) => [
        ...missing(e, ['orderId']),
        ...(typeof e.total === 'number' && Number.isFinite(e.total) ? [] : ['total must be a number']),
      ],
      key: (e: OrderCreated) => `order:${e.orderId}`,
    },
  };
}
