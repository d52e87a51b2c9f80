import { MESSAGES } from '../notifications.constants.js';
import { EventMappingError, InvalidPayloadError, UnknownPatternError } from '../notifications.errors.js';
import type { NotificationEventMapping, NotificationEventTable, NotificationRequest } from '../notifications.events.js';
import { isPlainObject, readId } from '../core/notification-request.validator.js';

/** A business event turned into a request, with the key that makes its redelivery harmless. */
export interface MappedEvent {
  request: NotificationRequest;
  key?: string;
}

type Event = Record<string, unknown>;

/**
 * The host's table of business events, compiled once. `map` turns one event into
 * a notification request or throws the reason it cannot: unknown pattern, invalid
 * event (INVALID_PAYLOAD) or a mapping function that threw (EVENT_MAPPING_FAILED).
 */
export class EventTable {
  // A Map, not the object: a pattern such as "constructor" must not find Object.prototype.
  private readonly mappings: Map<string, NotificationEventMapping>;

  constructor(table: NotificationEventTable) {
    this.mappings = new Map(Object.entries(table));
  }

  has(pattern: string): boolean {
    return this.mappings.has(pattern);
  }

  patterns(): string[] {
    return [...this.mappings.keys()];
  }

  map(pattern: string, event: unknown): MappedEvent {
    const mapping = this.mappings.get(pattern);
    if (!mapping) throw new UnknownPatternError(MESSAGES.unknownPattern(pattern));
    if (!isPlainObject(event)) throw new InvalidPayloadError(MESSAGES.invalidPayload, [`${pattern} data must be a JSON object`]);
    checkValid(pattern, mapping, event);
    const request: NotificationRequest = {
      type: mapping.type ?? pattern,
      data: mapping.data ? run(pattern, 'data', () => mapping.data!(event)) : event,
      ...targets(pattern, mapping, event),
    };
    const key = mapping.key ? run(pattern, 'key', () => mapping.key!(event)) : undefined;
    return typeof key === 'string' && key ? { request, key } : { request };
  }
}

function checkValid(pattern: string, mapping: NotificationEventMapping, event: Event): void {
  if (!mapping.validate) return;
  let problems: readonly string[] | void;
  try {
    problems = mapping.validate(event);
  } catch (error) {
    problems = [String((error as Error)?.message ?? error)];
  }
  if (problems?.length) throw new InvalidPayloadError(MESSAGES.invalidPayload, [...problems].map((p) => `${pattern}: ${p}`));
}

function targets(pattern: string, mapping: NotificationEventMapping, event: Event): Partial<NotificationRequest> {
  const problems: string[] = [];
  const users = mapping.toUser ? run(pattern, 'toUser', () => mapping.toUser!(event)) : undefined;
  const roles = typeof mapping.toRole === 'function' ? run(pattern, 'toRole', () => (mapping.toRole as Function)(event)) : mapping.toRole;
  const userIds = idList(users, `${pattern} user`, problems);
  const roleNames = idList(roles, `${pattern} role`, problems);
  if (problems.length) throw new InvalidPayloadError(MESSAGES.invalidPayload, problems);
  if (!userIds.length && !roleNames.length && !mapping.broadcast) {
    throw new InvalidPayloadError(MESSAGES.invalidPayload, [`${pattern}: the event names no one to notify`]);
  }
  return {
    ...(userIds.length ? { userIds } : {}),
    ...(roleNames.length ? { roles: roleNames } : {}),
    ...(mapping.broadcast ? { broadcast: true } : {}),
  };
}

function idList(value: unknown, field: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const ids = list.map((item) => readId(item, field, problems)).filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/** Runs a host function; what it throws becomes EVENT_MAPPING_FAILED, which dead-letters the event. */
function run<T>(pattern: string, step: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new EventMappingError(MESSAGES.mappingFailed(pattern, step), [String((error as Error)?.message ?? error)]);
  }
}
