import type { Pool } from 'pg';
import { inboxFeeds, assertDrafts } from './inbox-feeds.js';
import type {
  AppendOutcome,
  InboxEntry,
  InboxReader,
  NotificationDraft,
  NotificationStore,
  ResumeBounds,
  RetentionPolicy,
  StoredNotification,
} from './notification-store.interface.js';
import { planAppend } from './postgres-append-plan.js';
import { migrate, quoteSchema } from './postgres-migrations.js';
import { postgresQueries, type PostgresQueries } from './postgres-queries.js';
import { toEntry, toStored, uuidsOnly, type NotificationRow } from './postgres-rows.js';
import { inTransaction, query } from './postgres-session.js';

export interface PostgresNotificationStoreOptions {
  /** Used to open the store's own pool when `pool` is not given. */
  connectionString?: string;
  /** A pool the host owns: the store uses it and `close()` leaves it open. */
  pool?: Pool;
  /** Schema of the store's tables, created when missing. Default `notifications`. */
  schema?: string;
  retention: RetentionPolicy;
}

const CONNECT_TIMEOUT_MS = 5000;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The durable inbox in PostgreSQL (13 or newer). Writers serialise on one counter row
 * held until commit, so positions become visible in order. A batch is one statement;
 * what it skips as already stored (key or id) is read back after.
 * Both retention limits are applied by `sweep`. `pg` is loaded on `init()`, so hosts
 * using the memory store never need it.
 */
export class PostgresNotificationStore implements NotificationStore {
  private readonly schema: string;
  private readonly sql: PostgresQueries;
  private pool?: Pool;
  private opening?: Promise<Pool>;
  private epochValue?: string;
  // An idle pooled connection that dies emits 'error' on the pool; without a listener
  // that would crash the process. The next query reconnects or reports StoreUnavailableError.
  private readonly onIdleError = () => undefined;

  constructor(private readonly options: PostgresNotificationStoreOptions) {
    this.schema = options.schema ?? 'notifications';
    this.sql = postgresQueries(quoteSchema(this.schema));
  }

  get epoch(): string {
    if (this.epochValue === undefined) throw new Error('PostgresNotificationStore: epoch read before init()');
    return this.epochValue;
  }

  async init(): Promise<void> {
    // One pool even when init() is called again, or twice at once.
    this.opening ??= this.openPool();
    this.pool = await this.opening;
    await migrate(this.pool, this.schema);
    const [row] = await query<{ epoch: string }>(this.pool, this.sql.epoch);
    this.epochValue = row.epoch;
  }

  async append(drafts: readonly NotificationDraft[]): Promise<AppendOutcome[]> {
    assertDrafts(drafts);
    if (!drafts.length) return [];
    const plan = planAppend(drafts);
    const [row] = await query<{ base: string; positions: string[] | null }>(this.db(), this.sql.appendBatch, plan.values);
    const base = Number(row.base);
    if (row.positions === null) return plan.outcomes(base);
    // Some were stored already (a redelivery, or a retry whose answer was lost): they are
    // committed, so any connection reads them.
    const inserted = new Set((row.positions ?? []).map(Number));
    const { keys, ids } = plan.skipped(base, inserted);
    const rows = await query<NotificationRow & { key: string | null }>(this.db(), this.sql.findExisting, [keys, ids]);
    const byKey = new Map(rows.filter((r) => r.key !== null).map((r) => [r.key!, toStored(r)]));
    const byId = new Map(rows.map((r) => [r.id, toStored(r)]));
    return plan.outcomes(base, inserted, { byKey, byId });
  }

  async readAfter(reader: InboxReader, after: number, limit: number): Promise<StoredNotification[]> {
    if (limit <= 0) return [];
    const rows = await query<NotificationRow>(this.db(), this.sql.readAfter, [inboxFeeds(reader), after, limit]);
    return rows.map(toStored);
  }

  async countBetween(reader: InboxReader, after: number, upto: number): Promise<number> {
    if (upto <= after) return 0;
    const [row] = await query<{ count: number }>(this.db(), this.sql.countBetween, [inboxFeeds(reader), after, upto]);
    return row.count;
  }

  async list(reader: InboxReader, options: { before?: number; limit: number }): Promise<InboxEntry[]> {
    if (options.limit <= 0) return [];
    const values = [inboxFeeds(reader), options.before ?? NO_LIMIT, options.limit, reader.userId];
    const rows = await query<NotificationRow & { read: boolean }>(this.db(), this.sql.list, values);
    return rows.map(toEntry);
  }

  async unreadCount(reader: InboxReader): Promise<number> {
    const [row] = await query<{ unread: number }>(this.db(), this.sql.unreadCount, [inboxFeeds(reader), reader.userId]);
    return row.unread;
  }

  async markRead(reader: InboxReader, ids: readonly string[] | 'all'): Promise<number> {
    const feeds = inboxFeeds(reader);
    if (ids === 'all') {
      await query(this.db(), this.sql.markAllRead, [feeds, reader.userId]);
    } else {
      const uuids = uuidsOnly(ids);
      if (uuids.length) await query(this.db(), this.sql.markRead, [feeds, reader.userId, uuids]);
    }
    return this.unreadCount(reader);
  }

  async resumeBounds(reader: InboxReader): Promise<ResumeBounds> {
    const [row] = await query<{ head: string; trimmed: string }>(this.db(), this.sql.resumeState, [inboxFeeds(reader)]);
    return { head: Number(row.head), trimmedUpto: Number(row.trimmed) };
  }

  async head(): Promise<number> {
    const [row] = await query<{ position: string }>(this.db(), this.sql.head);
    return Number(row.position);
  }

  /** Runs beside writers: it never takes the counter row, only a lock other sweeps take. */
  async sweep(now: number = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.options.retention.maxAgeMs);
    return inTransaction(this.db(), async (client) => {
      await client.query(this.sql.lockSweep, [`notifications-inbox:sweep:${this.schema}`]);
      type Removed = { removed: number; positions: string[] };
      const byAge = await client.query<Removed>(this.sql.removeOlderThan, [cutoff]);
      const byCount = await client.query<Removed>(this.sql.removeBeyondCount, [this.options.retention.maxPerFeed]);
      const positions = [...byAge.rows[0].positions, ...byCount.rows[0].positions];
      if (positions.length) await client.query(this.sql.removeOrphans, [positions]);
      return byAge.rows[0].removed + byCount.rows[0].removed;
    });
  }

  async ping(): Promise<void> {
    await query(this.db(), this.sql.ping);
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    this.pool = undefined;
    const pool = await opening?.catch(() => undefined);
    if (!pool) return;
    pool.off('error', this.onIdleError);
    if (!this.options.pool) await pool.end();
  }

  private async openPool(): Promise<Pool> {
    let pool = this.options.pool;
    if (!pool) {
      const { Pool } = await import('pg');
      pool = new Pool({
        connectionString: this.options.connectionString,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        application_name: 'notifications-inbox',
      });
    }
    pool.on('error', this.onIdleError);
    return pool;
  }

  private db(): Pool {
    if (!this.pool) throw new Error('PostgresNotificationStore: call init() first (or the store was closed)');
    return this.pool;
  }
}
