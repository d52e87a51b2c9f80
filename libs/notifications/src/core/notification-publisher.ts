import { Inject, Injectable } from '@nestjs/common';
import { toEnvelope } from '../inbox/cursor.js';
import { BROADCAST_FEED } from '../inbox/inbox-feeds.js';
import { InboxStore } from '../inbox/inbox-store.js';
import { InboxWriter } from '../inbox/inbox-writer.js';
import type { AppendOutcome, NotificationDraft } from '../inbox/notification-store.interface.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { NOTIFICATIONS_TRANSPORT, roleRoom, userRoom } from '../notifications.constants.js';
import type { NotificationEnvelope, NotificationRequest } from '../notifications.events.js';
import type { NotificationsTransport } from './notifications-transport.interface.js';
import { uuidv7 } from './uuidv7.js';

/**
 * Turns a valid request into one notification: stored in the inbox first (when there
 * is one), then pushed to the sockets of its feeds, with its cursor.
 */
@Injectable()
export class NotificationPublisher {
  private readonly writer: InboxWriter<NotificationEnvelope> | null;

  constructor(
    @Inject(NOTIFICATIONS_TRANSPORT) private readonly transport: NotificationsTransport,
    private readonly metrics: NotificationsMetrics,
    private readonly inbox: InboxStore,
  ) {
    this.writer = inbox.enabled ? new InboxWriter(inbox, (outcomes, drafts) => this.pushStored(outcomes, drafts)) : null;
  }

  /**
   * @param key idempotency key: a second notification with the same key is not stored or pushed again
   * @param wait while the store is down, wait for it (RabbitMQ messages) instead of failing (HTTP, code)
   * @throws StoreUnavailableError when the store is down and `wait` is false
   */
  async publish(request: NotificationRequest, key?: string, wait = false): Promise<NotificationEnvelope> {
    const draft = toDraft(request, key);
    if (!this.writer) {
      const envelope: NotificationEnvelope = { id: draft.id, type: draft.type, data: draft.data, createdAt: draft.createdAt };
      this.push(draft.feeds, envelope);
      return envelope;
    }
    return this.writer.write(draft, wait);
  }

  /** Resolves true once every accepted notification is stored and pushed, false after `ms`. */
  idle(ms: number): Promise<boolean> {
    return this.writer?.idle(ms) ?? Promise.resolve(true);
  }

  stats(): { sockets: number; rooms: number } {
    return this.transport.stats();
  }

  /** Pushes what was stored; each draft's envelope (made once) is what its publish resolves with. */
  private pushStored(outcomes: AppendOutcome[], drafts: NotificationDraft[]): NotificationEnvelope[] {
    return outcomes.map(({ notification, duplicate }, i) => {
      const envelope = toEnvelope(this.inbox.epoch, notification);
      // A duplicate's notification was pushed when it was stored.
      if (!duplicate) this.push(drafts[i].feeds, envelope);
      return envelope;
    });
  }

  private push(feeds: readonly string[], envelope: NotificationEnvelope): void {
    const broadcast = feeds.includes(BROADCAST_FEED);
    if (broadcast) this.transport.broadcast(envelope);
    else this.transport.toRooms(feeds as string[], envelope);
    this.metrics.pushed(envelope.type, {
      broadcast,
      users: !broadcast && feeds.some((feed) => feed.startsWith('user:')),
      roles: !broadcast && feeds.some((feed) => feed.startsWith('role:')),
    });
  }

}

function toDraft(request: NotificationRequest, key: string | undefined): NotificationDraft {
  const feeds = request.broadcast
    ? [BROADCAST_FEED]
    : [...(request.userIds ?? []).map(userRoom), ...(request.roles ?? []).map(roleRoom)];
  const now = Date.now(); // one clock read for the id and the time (bench W5)
  const draft: NotificationDraft = { id: uuidv7(now), type: request.type, data: request.data ?? null, createdAt: isoTime(now), feeds };
  if (key) draft.key = key;
  return draft;
}

let isoMs = NaN;
let iso = '';
/** `new Date(ms).toISOString()`, formatted once per millisecond (a backlog drain makes several per ms; bench W5). */
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    iso = new Date(ms).toISOString();
    isoMs = ms;
  }
  return iso;
}
