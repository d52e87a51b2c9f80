import type { NotificationEnvelope } from '../notifications.events.js';
import type { StoredNotification } from './notification-store.interface.js';

/**
 * A cursor names a position in one store: `<epoch>.<position>`. Clients keep the
 * greatest one they saw and compare positions only; the epoch tells a cursor from another
 * database, or from a memory store that restarted, so it is refused, not misread. A sync
 * point (`inbox:synced`) also names the reader's feeds: `<epoch>~<scope>.<position>`, so
 * a count made under other roles is not trusted.
 */
export interface Cursor {
  epoch: string;
  position: number;
  scope?: string;
}

const MAX_LENGTH = 64;
const SCOPE = /^[0-9a-f]{1,16}$/;

export function formatCursor(epoch: string, position: number, scope?: string): string {
  return scope === undefined ? `${epoch}.${position}` : `${epoch}~${scope}.${position}`;
}

/** What a client gets of a stored notification: the notification and its cursor. */
export function toEnvelope(epoch: string, { id, type, data, createdAt, position }: StoredNotification): NotificationEnvelope & { cursor: string } {
  return { id, type, data, createdAt, cursor: formatCursor(epoch, position) };
}

/** The cursor, or undefined when `value` is not one. */
export function parseCursor(value: unknown): Cursor | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return undefined;
  const dot = value.lastIndexOf('.');
  const digits = value.slice(dot + 1);
  if (dot <= 0 || !/^\d{1,15}$/.test(digits)) return undefined;
  const [epoch, scope, ...rest] = value.slice(0, dot).split('~');
  if (!epoch || rest.length || (scope !== undefined && !SCOPE.test(scope))) return undefined;
  return scope === undefined ? { epoch, position: Number(digits) } : { epoch, position: Number(digits), scope };
}

/** What a resuming client says it received since the last `inbox:synced`. */
export interface SyncReport {
  since: number;
  /** The reader's feeds when the sync point was given; undefined from a sync point without one. */
  scope?: string;
  /** Undefined when the client sent no usable count: the replay then starts at `since`. */
  received?: number;
}

/**
 * The report, when `since` is a cursor of the same epoch at or below `cursor`; else
 * undefined (the replay starts after `cursor`, unchecked).
 */
export function parseSyncReport(cursor: Cursor, since: unknown, received: unknown): SyncReport | undefined {
  const point = parseCursor(since);
  if (!point || point.epoch !== cursor.epoch || point.position > cursor.position) return undefined;
  const count = typeof received === 'number' && Number.isSafeInteger(received) && received >= 0 ? received : undefined;
  return { since: point.position, received: count, ...(point.scope !== undefined && { scope: point.scope }) };
}
