import type { ResolvedInboxOptions } from '../notifications-options.interface.js';
import { MemoryNotificationStore } from './memory-notification.store.js';
import type { NotificationStore } from './notification-store.interface.js';
import { PostgresNotificationStore } from './postgres-notification.store.js';

/** The store the options name; `pg` is only loaded when PostgreSQL is chosen. */
export function createStore(inbox: ResolvedInboxOptions): { store: NotificationStore; kind: string } {
  if (inbox.store === 'memory') return { store: new MemoryNotificationStore(inbox.retention), kind: 'memory, per instance, lost on restart' };
  const { connectionString, pool, schema } = inbox.store.postgres;
  return {
    store: new PostgresNotificationStore({ connectionString, pool: pool as never, schema, retention: inbox.retention }),
    kind: `PostgreSQL, schema ${schema ?? 'notifications'}`,
  };
}
