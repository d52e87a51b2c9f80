/**
 * The durable inbox: the source of truth that live push resumes from.
 *
 * Feeds are named like the Socket.IO rooms: `user:<id>`, `role:<role>`, and
 * `broadcast`. A reader's inbox is the union of its user feed, the feeds of the
 * roles in its token and the broadcast feed.
 *
 * Positions are one sequence for the whole store. They increase in commit
 * order: a reader that can see position N could already see every position
 * below N (two writers committing concurrently never let a resume skip the
 * slower one). A notification stored in several feeds has one position.
 */

/** Who is reading: the id and roles from a verified token. */
export interface InboxReader {
  userId: string;
  roles: readonly string[];
}

/** A notification about to be stored. */
export interface NotificationDraft {
  id: string;
  type: string;
  data: unknown;
  createdAt: string;
  /** Feeds it is stored in: `user:<id>`, `role:<role>` or `broadcast`; at least one. */
  feeds: readonly string[];
  /** Idempotency key: a second draft with a key already stored is not stored again. */
  key?: string;
}

export interface StoredNotification {
  id: string;
  type: string;
  data: unknown;
  createdAt: string;
  position: number;
}

export interface AppendOutcome {
  notification: StoredNotification;
  /**
   * True when another notification already holds the draft's key: `notification` is
   * that one, pushed when it was stored. A draft stored by an earlier attempt (the same
   * id: its answer was lost) comes back as stored, not as a duplicate.
   */
  duplicate: boolean;
}

export interface InboxEntry extends StoredNotification {
  read: boolean;
}

export interface RetentionPolicy {
  /** Newest entries kept per feed. */
  maxPerFeed: number;
  /** Entries older than this are removed by the sweep. */
  maxAgeMs: number;
}

export interface NotificationStore {
  /** Creates or migrates what the store needs; idempotent, safe with several instances starting at once. */
  init(): Promise<void>;
  /**
   * Names this store's position space. A cursor from another epoch (another database,
   * or a memory store that restarted) cannot be resumed. Valid after `init`.
   */
  readonly epoch: string;
  /**
   * Stores the drafts in one atomic write, positions in draft order. Drafts whose key
   * is already stored (or appears earlier in the same batch) come back as duplicates.
   * @throws StoreUnavailableError when the backing service cannot be reached
   */
  append(drafts: readonly NotificationDraft[]): Promise<AppendOutcome[]>;
  /** The reader's inbox after `after`, oldest first, at most `limit`. */
  readAfter(reader: InboxReader, after: number, limit: number): Promise<StoredNotification[]>;
  /**
   * How many notifications of the reader's inbox sit after `after` and at or before
   * `upto`: what a client that was sent everything up to `after` should have received
   * by the time it saw `upto`.
   */
  countBetween(reader: InboxReader, after: number, upto: number): Promise<number>;
  /** The reader's inbox newest first, before position `before` when given, at most `limit`, with read state. */
  list(reader: InboxReader, options: { before?: number; limit: number }): Promise<InboxEntry[]>;
  unreadCount(reader: InboxReader): Promise<number>;
  /**
   * Marks notifications of the reader's inbox as read, by id (ids outside the inbox
   * are ignored) or all of them. @returns the unread count afterwards
   */
  markRead(reader: InboxReader, ids: readonly string[] | 'all'): Promise<number>;
  /**
   * What a resume from a position of the reader's inbox depends on, in one read (see
   * `resumable`): the newest position, and the highest retention removed from its feeds.
   */
  resumeBounds(reader: InboxReader): Promise<ResumeBounds>;
  /** The newest position stored so far (0 when empty). */
  head(): Promise<number>;
  /** Applies the retention policy now. @returns how many feed entries were removed */
  sweep(now?: number): Promise<number>;
  /** Resolves when the backing service answers. @throws StoreUnavailableError */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ResumeBounds {
  /** The newest position stored so far (0 when empty). */
  head: number;
  /** The highest position retention removed from the reader's feeds (0 when none). */
  trimmedUpto: number;
}

/**
 * True when everything in the reader's inbox after `after` is still stored (retention has
 * removed nothing after it) and `after` is not beyond the newest position.
 */
export function resumable({ head, trimmedUpto }: ResumeBounds, after: number): boolean {
  return after <= head && trimmedUpto <= after;
}
