import { EVENT_PATTERNS, MESSAGES } from '../notifications.constants.js';
import { InvalidPayloadError } from '../notifications.errors.js';
import type { NotificationRequest, OrderCreatedEvent, UserFollowedEvent } from '../notifications.events.js';
import { isPlainObject, readId } from './notification-request.validator.js';

function requireObject(data: unknown, pattern: string): Record<string, unknown> {
  if (!isPlainObject(data)) throw new InvalidPayloadError(MESSAGES.invalidPayload, [`${pattern} data must be an object`]);
  return data;
}

function fail(problems: string[]): void {
  if (problems.length) throw new InvalidPayloadError(MESSAGES.invalidPayload, problems);
}

/** `user.followed` goes to the followee only. */
export function mapUserFollowed(input: unknown): NotificationRequest {
  const data = requireObject(input, EVENT_PATTERNS.userFollowed);
  const problems: string[] = [];
  const followerId = readId(data.followerId, 'followerId', problems);
  const followeeId = readId(data.followeeId, 'followeeId', problems);
  fail(problems);
  // Copy only when an id arrived as a number and became a string.
  const same = data.followerId === followerId && data.followeeId === followeeId;
  const payload = (same ? data : { ...data, followerId, followeeId }) as UserFollowedEvent;
  return { type: EVENT_PATTERNS.userFollowed, data: payload, userIds: [followeeId!] };
}

/** `order.created` goes to every socket of the admin role. */
export function mapOrderCreated(input: unknown, adminRole: string): NotificationRequest {
  const data = requireObject(input, EVENT_PATTERNS.orderCreated);
  const problems: string[] = [];
  const orderId = readId(data.orderId, 'orderId', problems);
  const userId = data.userId === undefined ? undefined : readId(data.userId, 'userId', problems);
  if (data.total !== undefined && (typeof data.total !== 'number' || !Number.isFinite(data.total))) {
    problems.push('total must be a finite number');
  }
  fail(problems);
  const same = data.orderId === orderId && data.userId === userId;
  const payload = (same ? data : { ...data, orderId, ...(userId ? { userId } : {}) }) as OrderCreatedEvent;
  return { type: EVENT_PATTERNS.orderCreated, data: payload, roles: [adminRole] };
}
