import { createHash } from 'node:crypto';
import { roleRoom, userRoom } from '../notifications.constants.js';
import { InvalidPayloadError } from '../notifications.errors.js';
import type { InboxReader, NotificationDraft } from './notification-store.interface.js';

/** The feed every reader's inbox includes. */
export const BROADCAST_FEED = 'broadcast';

/** The feeds a reader's inbox is made of: its user feed, its roles' feeds and the broadcast feed. */
export function inboxFeeds(reader: InboxReader): string[] {
  const feeds = [userRoom(reader.userId), BROADCAST_FEED];
  for (const role of reader.roles) feeds.push(roleRoom(role));
  return feeds;
}

/** A short name of the reader's set of feeds: the same roles, the same scope. */
export function inboxScope(reader: InboxReader): string {
  return createHash('sha256').update(inboxFeeds(reader).sort().join('\n')).digest('hex').slice(0, 12);
}

/** Refuses a batch before anything of it is stored, so `append` stays all-or-nothing. */
export function assertDrafts(drafts: readonly NotificationDraft[]): void {
  const feedless = drafts.filter((draft) => draft.feeds.length === 0).map((draft) => draft.id);
  if (feedless.length) {
    throw new InvalidPayloadError('A notification must be stored in at least one feed', feedless);
  }
}
