import { Inject, Injectable } from '@nestjs/common';
import { formatCursor, toEnvelope, type Cursor, type SyncReport } from '../inbox/cursor.js';
import { inboxScope } from '../inbox/inbox-feeds.js';
import { InboxStore } from '../inbox/inbox-store.js';
import { resumable, type InboxEntry, type InboxReader, type NotificationStore, type ResumeBounds } from '../inbox/notification-store.interface.js';
import { MESSAGES, NOTIFICATIONS_TRANSPORT } from '../notifications.constants.js';
import { InboxDisabledError } from '../notifications.errors.js';
import type { AuthenticatedUser, InboxItem, InboxPage, InboxSynced, NotificationEnvelope } from '../notifications.events.js';
import { parseCheckRequest, parsePage, parseReadRequest } from './inbox-request.validator.js';
import type { NotificationsTransport } from './notifications-transport.interface.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';

const readerOf = (user: AuthenticatedUser): InboxReader => ({ userId: user.id, roles: user.roles });

/** A user's inbox: pages, unread count, read state, and what a resuming socket missed. */
@Injectable()
export class InboxService {
  constructor(
    private readonly inbox: InboxStore,
    @Inject(NOTIFICATIONS_TRANSPORT) private readonly transport: NotificationsTransport,
    private readonly metrics: NotificationsMetrics,
  ) {}

  get enabled(): boolean {
    return this.inbox.enabled;
  }

  list(user: AuthenticatedUser, query: { limit?: unknown; before?: unknown }): Promise<InboxPage> {
    return this.use(async (store) => {
      const { limit, before } = parsePage(query, store.epoch);
      const items = (await store.list(readerOf(user), { before, limit })).map((entry) => this.item(store, entry));
      return items.length === limit ? { items, next: items[items.length - 1].cursor } : { items };
    });
  }

  unreadCount(user: AuthenticatedUser): Promise<number> {
    return this.use((store) => store.unreadCount(readerOf(user)));
  }

  /** Marks some or all as read, and tells every socket of the user the new count. */
  async markRead(user: AuthenticatedUser, request: unknown): Promise<number> {
    // No inbox first, as on the other endpoints; then the body, so a bad one is a 400 even while the store is down.
    if (!this.inbox.enabled) throw new InboxDisabledError(MESSAGES.noInbox);
    const ids = parseReadRequest(request);
    const unread = await this.use((store) => store.markRead(readerOf(user), ids));
    this.transport.unreadChanged(user.id, unread);
    return unread;
  }

  /** What a socket missed after `position`, oldest first, as pushed envelopes. */
  missed(user: AuthenticatedUser, position: number, limit: number): Promise<NotificationEnvelope[]> {
    return this.use(async (store) => (await store.readAfter(readerOf(user), position, limit)).map((n) => toEnvelope(store.epoch, n)));
  }

  /**
   * Where a resuming socket's replay starts: after its cursor when the client received
   * as many notifications since its sync point as the inbox holds up to the cursor (and
   * retention removed none of those), else after the sync point: one went missing on the
   * way, and the client drops what it already has. Undefined when the cursor cannot be
   * resumed (not a cursor, older than the retention, or another store's).
   */
  replayStart(user: AuthenticatedUser, cursor: Cursor | undefined, report?: SyncReport): Promise<number | undefined> {
    return this.use(async (store) => {
      const reader = readerOf(user);
      const bounds = cursor && cursor.epoch === store.epoch ? await store.resumeBounds(reader) : undefined;
      if (!cursor || !bounds || !resumable(bounds, cursor.position)) {
        this.metrics.resumed('reset');
        return undefined;
      }
      if (!report) {
        this.metrics.resumed('unchecked');
        return cursor.position;
      }
      const complete = await this.receivedAll(store, reader, bounds, cursor.position, report);
      this.metrics.resumed(complete ? 'after_cursor' : 'gap_replayed');
      // What retention removed after `since` is not replayed: readAfter gives what is still stored.
      return complete ? cursor.position : report.since;
    });
  }

  /**
   * `inbox:check` from a connected client: whether it has everything of its inbox up to
   * its cursor (as in `replayStart`; false for another store's cursor), and the newest
   * cursor of its inbox now.
   * @throws InvalidPayloadError for a malformed request, StoreUnavailableError
   */
  async check(user: AuthenticatedUser, request: unknown): Promise<{ complete: boolean; newest?: string }> {
    if (!this.inbox.enabled) throw new InboxDisabledError(MESSAGES.noInbox);
    const { cursor, report } = parseCheckRequest(request);
    const result = await this.use(async (store) => {
      const reader = readerOf(user);
      const [[newest], bounds] = await Promise.all([store.list(reader, { limit: 1 }), store.resumeBounds(reader)]);
      const complete = cursor.epoch === store.epoch && (await this.receivedAll(store, reader, bounds, cursor.position, report));
      return newest ? { complete, newest: formatCursor(store.epoch, newest.position) } : { complete };
    });
    this.metrics.checked(result.complete);
    return result;
  }

  /**
   * The sync point of a connection (`inbox:synced`): `position`, or the newest stored when
   * nothing was replayed, with the scope of the user's feeds.
   */
  syncPoint(user: AuthenticatedUser, position?: number): Promise<InboxSynced> {
    return this.use(async (store) => ({ cursor: formatCursor(store.epoch, position ?? (await store.head())), scope: inboxScope(readerOf(user)) }));
  }

  /** Whether a cursor's epoch is this store's (else it is from another database, or a restarted memory store). */
  isCurrentEpoch(epoch: string): Promise<boolean> {
    return this.use(async (store) => store.epoch === epoch);
  }

  /**
   * Whether the client has every notification of the inbox in (since, upto]: as many as it
   * says it received. Not when retention removed some after `since` (a removed one it had
   * could make up for one it never got), nor when its feeds changed since (other roles).
   */
  private async receivedAll(store: NotificationStore, reader: InboxReader, bounds: ResumeBounds, upto: number, report: SyncReport): Promise<boolean> {
    if (report.received === undefined || (report.scope !== undefined && report.scope !== inboxScope(reader))) return false;
    if (!resumable(bounds, report.since)) return false;
    return (await store.countBetween(reader, report.since, upto)) === report.received;
  }

  private use<T>(op: (store: NotificationStore) => Promise<T>): Promise<T> {
    if (!this.inbox.enabled) return Promise.reject(new InboxDisabledError(MESSAGES.noInbox));
    return this.inbox.use(op);
  }

  private item(store: NotificationStore, entry: InboxEntry): InboxItem {
    return { ...toEnvelope(store.epoch, entry), read: entry.read };
  }
}
