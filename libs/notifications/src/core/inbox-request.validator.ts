import { LIMITS, MESSAGES } from '../notifications.constants.js';
import { InvalidPayloadError } from '../notifications.errors.js';
import { parseCursor, type Cursor, type SyncReport } from '../inbox/cursor.js';
import { isPlainObject } from './notification-request.validator.js';

const fail = (...problems: string[]): never => {
  throw new InvalidPayloadError(MESSAGES.invalidInboxRequest, problems);
};

/** `limit` (1 to 100, default 20) and `before` (a cursor of this store) of an inbox page. */
export function parsePage(input: { limit?: unknown; before?: unknown }, epoch: string): { limit: number; before?: number } {
  const problems: string[] = [];
  const raw = input.limit ?? LIMITS.inboxPageDefault;
  const limit = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIMITS.inboxPageMax) {
    problems.push(`limit must be an integer from 1 to ${LIMITS.inboxPageMax}`);
  }
  let before: number | undefined;
  if (input.before !== undefined && input.before !== '') {
    const cursor = parseCursor(input.before);
    if (!cursor || cursor.epoch !== epoch) problems.push('before must be a cursor from this inbox');
    else before = cursor.position;
  }
  if (problems.length) fail(...problems);
  return { limit: limit as number, before };
}

/** `{ ids: [...] }` or `{ all: true }`. */
export function parseReadRequest(input: unknown): string[] | 'all' {
  if (!isPlainObject(input)) return fail('body must be { ids: [...] } or { all: true }');
  if (input.all === true && input.ids === undefined) return 'all';
  const { ids } = input;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > LIMITS.maxTargets || ids.some((id) => typeof id !== 'string' || !id || id.length > LIMITS.idMaxLength)) {
    return fail(`ids must be 1 to ${LIMITS.maxTargets} notification ids, or send { all: true }`);
  }
  return ids as string[];
}

/** `{ cursor, since, received, scope? }`: since a cursor of the same inbox at or below cursor, received a count, scope the last `inbox:synced`'s. */
export function parseCheckRequest(input: unknown): { cursor: Cursor; report: SyncReport & { received: number } } {
  if (!isPlainObject(input)) return fail('body must be { cursor, since, received }');
  const cursor = parseCursor(input.cursor);
  const since = parseCursor(input.since);
  const { received } = input;
  const problems: string[] = [];
  if (!cursor) problems.push('cursor must be a cursor');
  if (!since || (cursor && (since.epoch !== cursor.epoch || since.position > cursor.position))) {
    problems.push('since must be a cursor of the same inbox, at or below cursor');
  }
  if (typeof received !== 'number' || !Number.isSafeInteger(received) || received < 0) problems.push('received must be a whole number, 0 or more');
  const { scope } = input;
  if (scope !== undefined && (typeof scope !== 'string' || scope.length > LIMITS.idMaxLength)) problems.push('scope must be the scope of the last inbox:synced');
  if (problems.length) fail(...problems);
  const report = { since: since!.position, received: received as number, ...(scope !== undefined && { scope: scope as string }) };
  return { cursor: cursor!, report };
}
