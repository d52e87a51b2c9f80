import { randomBytes } from 'node:crypto';
import { MemoryFeed, type MemoryRecord } from './memory-feed.js';
import { walkAscending, walkDescending } from './memory-inbox-walk.js';
import { assertDrafts, inboxFeeds } from './inbox-feeds.js';
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

interface ReadMarks {
  /** Everything up to here is read ("mark all read"). */
  readUpto: number;
  /** Notifications above `readUpto` read one by one. */
  singles: Set<MemoryRecord>;
}

/**
 * The default inbox store: in this process's memory, lost on restart (a new epoch then
 * tells clients their cursors are void). `maxPerFeed` is enforced as notifications are
 * appended; the age limit by `sweep`.
 */
export class MemoryNotificationStore implements NotificationStore {
  readonly epoch = randomBytes(9).toString('base64url');
  private readonly feeds = new Map<string, MemoryFeed>();
  private readonly byKey = new Map<string, MemoryRecord>();
  private readonly marks = new Map<string, ReadMarks>();
  private position = 0;

  constructor(private readonly retention: RetentionPolicy) {}

  async init(): Promise<void> {}

  async append(drafts: readonly NotificationDraft[]): Promise<AppendOutcome[]> {
    assertDrafts(drafts);
    const outcomes: AppendOutcome[] = new Array(drafts.length);
    for (let i = 0; i < drafts.length; i++) outcomes[i] = this.store(drafts[i]);
    return outcomes;
  }

  async readAfter(reader: InboxReader, after: number, limit: number): Promise<StoredNotification[]> {
    const found: StoredNotification[] = [];
    if (limit <= 0) return found;
    walkAscending(this.feedsOf(reader), after, (record) => found.push(record.notification) < limit);
    return found;
  }

  async countBetween(reader: InboxReader, after: number, upto: number): Promise<number> {
    let count = 0;
    walkAscending(this.feedsOf(reader), after, (record) => {
      if (record.notification.position > upto) return false;
      count++;
      return true;
    });
    return count;
  }

  async list(reader: InboxReader, options: { before?: number; limit: number }): Promise<InboxEntry[]> {
    const found: InboxEntry[] = [];
    if (options.limit <= 0) return found;
    const marks = this.marks.get(reader.userId);
    walkDescending(this.feedsOf(reader), options.before ?? Infinity, (record) => {
      const read = isRead(marks, record);
      return found.push({ ...record.notification, read }) < options.limit;
    });
    return found;
  }

  async unreadCount(reader: InboxReader): Promise<number> {
    return this.countUnread(reader);
  }

  async markRead(reader: InboxReader, ids: readonly string[] | 'all'): Promise<number> {
    const feeds = this.feedsOf(reader);
    const marks = this.marksOf(reader.userId);
    if (ids === 'all') {
      const newest = Math.max(0, ...feeds.map((feed) => feed.newest()?.notification.position ?? 0));
      marks.readUpto = Math.max(marks.readUpto, newest);
      for (const record of marks.singles) {
        if (record.notification.position <= marks.readUpto) marks.singles.delete(record);
      }
    } else {
      // A scan of the unread part of the inbox: an id index would cost every append.
      const wanted = new Set(ids);
      walkAscending(feeds, marks.readUpto, (record) => {
        if (wanted.has(record.notification.id)) marks.singles.add(record);
        return true;
      });
    }
    return this.countUnread(reader);
  }

  async resumeBounds(reader: InboxReader): Promise<ResumeBounds> {
    return { head: this.position, trimmedUpto: Math.max(0, ...this.feedsOf(reader).map((feed) => feed.trimmedUpto)) };
  }

  async head(): Promise<number> {
    return this.position;
  }

  /**
   * Age is checked from the oldest entry of each feed until a young one: O(removed),
   * not O(stored). Entries are appended about in `createdAt` order; one older than a
   * younger entry before it waits for that one to expire.
   */
  async sweep(now: number = Date.now()): Promise<number> {
    const cutoff = now - this.retention.maxAgeMs;
    let removed = 0;
    for (const feed of this.feeds.values()) {
      for (let oldest = feed.oldest(); oldest && createdAtMs(oldest) < cutoff; oldest = feed.oldest()) {
        this.leave(feed.dropOldest());
        removed++;
      }
      removed += this.trimToCount(feed);
    }
    for (const marks of this.marks.values()) {
      for (const record of marks.singles) if (record.feeds === 0) marks.singles.delete(record);
    }
    return removed;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.feeds.clear();
    this.byKey.clear();
    this.marks.clear();
  }

  private store(draft: NotificationDraft): AppendOutcome {
    const known = draft.key === undefined ? undefined : this.byKey.get(draft.key);
    if (known) return { notification: known.notification, duplicate: known.notification.id !== draft.id };
    const { id, type, data, createdAt, key } = draft;
    const notification: StoredNotification = { id, type, data, createdAt, position: ++this.position };
    const record: MemoryRecord = { notification, key, feeds: 0 };
    if (key !== undefined) this.byKey.set(key, record);
    for (const name of draft.feeds) this.enter(name, record);
    return { notification, duplicate: false };
  }

  private enter(name: string, record: MemoryRecord): void {
    let feed = this.feeds.get(name);
    if (!feed) this.feeds.set(name, (feed = new MemoryFeed()));
    if (!feed.push(record)) return;
    record.feeds++;
    this.trimToCount(feed);
  }

  private trimToCount(feed: MemoryFeed): number {
    let removed = 0;
    for (; feed.size > this.retention.maxPerFeed; removed++) this.leave(feed.dropOldest());
    return removed;
  }

  /** A feed let go of the record; the last one to do so forgets it, key included. */
  private leave(record: MemoryRecord): void {
    if (--record.feeds > 0) return;
    if (record.key !== undefined && this.byKey.get(record.key) === record) this.byKey.delete(record.key);
  }

  private feedsOf(reader: InboxReader): MemoryFeed[] {
    const feeds: MemoryFeed[] = [];
    for (const name of inboxFeeds(reader)) {
      const feed = this.feeds.get(name);
      if (feed) feeds.push(feed);
    }
    return feeds;
  }

  private marksOf(userId: string): ReadMarks {
    let marks = this.marks.get(userId);
    if (!marks) this.marks.set(userId, (marks = { readUpto: 0, singles: new Set() }));
    return marks;
  }

  private countUnread(reader: InboxReader): number {
    const marks = this.marks.get(reader.userId);
    let unread = 0;
    walkAscending(this.feedsOf(reader), marks?.readUpto ?? 0, (record) => {
      if (!marks?.singles.has(record)) unread++;
      return true;
    });
    return unread;
  }
}

function createdAtMs(record: MemoryRecord): number {
  return (record.createdAtMs ??= Date.parse(record.notification.createdAt));
}

function isRead(marks: ReadMarks | undefined, record: MemoryRecord): boolean {
  return !!marks && (record.notification.position <= marks.readUpto || marks.singles.has(record));
}
