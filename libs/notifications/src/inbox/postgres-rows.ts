import type { InboxEntry, StoredNotification } from './notification-store.interface.js';

/** A notification as the queries select it (bigint comes back as a string). */
export interface NotificationRow {
  position: string;
  id: string;
  type: string;
  data: unknown;
  created_at: Date;
}

export function toStored(row: NotificationRow): StoredNotification {
  return {
    id: row.id,
    type: row.type,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    position: Number(row.position),
  };
}

export function toEntry(row: NotificationRow & { read: boolean }): InboxEntry {
  return { ...toStored(row), read: row.read };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids stored are uuids; anything else cannot be in an inbox (and would fail the cast). */
export function uuidsOnly(ids: readonly string[]): string[] {
  return ids.filter((id) => UUID.test(id));
}
