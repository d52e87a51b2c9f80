import { LIMITS, MESSAGES, TYPE_PATTERN } from '../notifications.constants.js';
import { InvalidPayloadError } from '../notifications.errors.js';
import type { NotificationRequest } from '../notifications.events.js';

const KNOWN_KEYS = new Set(['type', 'data', 'userIds', 'roles', 'broadcast']);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads an id that may arrive as a number (many backends use integer ids). */
export function readId(value: unknown, field: string, problems: string[]): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.length > 0 && value.length <= LIMITS.idMaxLength) return value;
  problems.push(`${field} must be a non-empty string (at most ${LIMITS.idMaxLength} chars) or an integer`);
  return undefined;
}

function readIdList(value: unknown, field: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${field} must be an array`);
    return undefined;
  }
  if (value.length > LIMITS.maxTargets) problems.push(`${field} must have at most ${LIMITS.maxTargets} entries`);
  const ids = value.map((item, i) => readId(item, `${field}[${i}]`, problems));
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

function checkData(data: unknown, problems: string[]): void {
  if (data === undefined) return;
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(data) ?? '');
  } catch {
    problems.push('data must be JSON-serialisable');
    return;
  }
  if (size > LIMITS.maxDataBytes) problems.push(`data must be at most ${LIMITS.maxDataBytes} bytes as JSON`);
}

/** Validates `{ type, data?, userIds?, roles?, broadcast? }`; throws with every reason at once. */
export function parseNotificationRequest(input: unknown): NotificationRequest {
  if (!isPlainObject(input)) throw new InvalidPayloadError(MESSAGES.invalidPayload, ['body must be a JSON object']);
  const problems: string[] = [];
  const { type, data, broadcast } = input;
  for (const key of Object.keys(input)) if (!KNOWN_KEYS.has(key)) problems.push(`${key} is not allowed`);
  if (typeof type !== 'string' || !TYPE_PATTERN.test(type) || type.length > LIMITS.typeMaxLength) {
    problems.push(`type must be a string of letters, digits and . _ : - (1 to ${LIMITS.typeMaxLength} chars)`);
  }
  const userIds = readIdList(input.userIds, 'userIds', problems);
  const roles = readIdList(input.roles, 'roles', problems);
  if (broadcast !== undefined && typeof broadcast !== 'boolean') problems.push('broadcast must be a boolean');
  checkData(data, problems);
  if (!userIds?.length && !roles?.length && broadcast !== true) {
    problems.push('at least one target is required: userIds, roles or broadcast: true');
  }
  if (problems.length) throw new InvalidPayloadError(MESSAGES.invalidPayload, problems);
  return { type: type as string, data, userIds, roles, broadcast: broadcast === true };
}
