import type { NotificationEnvelope } from '../notifications.events.js';
import type { StoredNotification } from './notification-store.interface.js';

/**
 * A cursor names a position in one store: `<epoch>.<position>`. Clients keep the
 * greatest one they saw and compare positions only; the epoch tells a cursor from another
 * database, or from a memory store that restarted, so it is refused, not misread.
 */
export interface Cursor {
  epoch: string;
  position: number;
}

const MAX_LENGTH = 64;

export function formatCursor(epoch: string, position: number): string {
  return `${epoch}.${position}`;
}

/** What a client gets of a stored notification: the notification and its cursor. */
export function toEnvelope(epoch: string, { id, type, data, createdAt, position }: StoredNotification): NotificationEnvelope & { cursor: string } {
  return { id, type, data, createdAt, cursor: formatCursor(epoch, position) };
}

/** The cursor, or undefined when `value` is not one. */
export function parseCursor(value: unknown): Cursor | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return undefined;
  const dot = value.lastIndexOf('.');
  const epoch = value.slice(0, dot);
  const digits = value.slice(dot + 1);
  if (dot <= 0 || !/^\d{1,15}$/.test(digits)) return undefined;
  return { epoch, position: Number(digits) };
}

/** What a resuming client says it received since the last `inbox:synced`. */
export interface SyncReport {
  since: number;
  /** The scope of the reader's feeds the sync point was given for (`inbox:synced`); undefined when not sent. */
  scope?: string;
  /** Undefined when the client sent no usable count: the replay then starts at `since`. */
  received?: number;
}

/**
 * The report, when `since` is a cursor of the same epoch at or below `cursor`; else
 * undefined (the replay starts after `cursor`, unchecked).
 */
export function parseSyncReport(cursor: Cursor, { since, received, scope }: { since?: unknown; received?: unknown; scope?: unknown }): SyncReport | undefined {
  const point = parseCursor(since);
  if (!point || point.epoch !== cursor.epoch || point.position > cursor.position) return undefined;
  const count = typeof received === 'number' && Number.isSafeInteger(received) && received >= 0 ? received : undefined;
  // A scope that is not a string cannot match the reader's: the count is then not trusted.
  return { since: point.position, received: count, ...(scope !== undefined && { scope: typeof scope === 'string' ? scope : '' }) };
}
