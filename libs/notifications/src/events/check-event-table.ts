import { BUILT_IN_PATTERNS, MESSAGES, TYPE_PATTERN } from '../notifications.constants.js';
import { NotificationsConfigError } from '../notifications.errors.js';
import type { NotificationEventMapping, NotificationEventTable } from '../notifications.events.js';

const FUNCTIONS = ['toUser', 'data', 'validate', 'key'] as const;

function problemsOf(pattern: string, mapping: NotificationEventMapping): string[] {
  if (typeof mapping !== 'object' || mapping === null) return [`${pattern}: must be an object`];
  const problems: string[] = [];
  if (BUILT_IN_PATTERNS.includes(pattern)) problems.push(`${pattern}: is built in and cannot be redefined`);
  if (!pattern || pattern.length > 200) problems.push(`"${pattern}": a pattern is 1 to 200 characters`);
  if (mapping.type !== undefined && !TYPE_PATTERN.test(mapping.type)) problems.push(`${pattern}: type "${mapping.type}" is not a valid notification type`);
  for (const name of FUNCTIONS) {
    if (mapping[name] !== undefined && typeof mapping[name] !== 'function') problems.push(`${pattern}: ${name} must be a function`);
  }
  const { toRole } = mapping;
  const roles = typeof toRole === 'string' ? [toRole] : Array.isArray(toRole) ? toRole : [];
  if (roles.some((role) => typeof role !== 'string' || !role)) problems.push(`${pattern}: toRole must name roles`);
  if (!mapping.toUser && !toRole && mapping.broadcast !== true) problems.push(`${pattern}: needs toUser, toRole or broadcast: true`);
  return problems;
}

/** Refuses at start-up a table that could only fail at run time. */
export function checkEventTable(table: NotificationEventTable): void {
  if (typeof table !== 'object' || table === null) throw new NotificationsConfigError(MESSAGES.badEvents(['events must be an object']));
  const problems = Object.entries(table).flatMap(([pattern, mapping]) => problemsOf(pattern, mapping));
  if (problems.length) throw new NotificationsConfigError(MESSAGES.badEvents(problems));
}
