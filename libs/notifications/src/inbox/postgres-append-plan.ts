import type { AppendOutcome, NotificationDraft, StoredNotification } from './notification-store.interface.js';

/** What one `append` writes: the outcomes to return and the column arrays of the batch insert. */
export interface AppendPlan {
  outcomes: AppendOutcome[];
  /** Parameters of `insertBatch`, empty when every draft was a duplicate. */
  values: unknown[];
}

/**
 * Gives positions after `head` to the drafts whose key is not stored yet (`stored`) nor
 * taken by an earlier draft of the batch, in draft order.
 */
export function planAppend(
  drafts: readonly NotificationDraft[],
  head: number,
  stored: ReadonlyMap<string, StoredNotification>,
): AppendPlan {
  const byKey = new Map(stored);
  const outcomes: AppendOutcome[] = [];
  const positions: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const data: (string | null)[] = [];
  const createdAt: string[] = [];
  const keys: (string | null)[] = [];
  const entryFeeds: string[] = [];
  const entryPositions: number[] = [];
  let position = head;
  for (const draft of drafts) {
    const first = draft.key === undefined ? undefined : byKey.get(draft.key);
    if (first) {
      outcomes.push({ notification: first, duplicate: true });
      continue;
    }
    const { id, type, data: payload, createdAt: at } = draft;
    const notification = { id, type, data: payload, createdAt: at, position: ++position };
    if (draft.key !== undefined) byKey.set(draft.key, notification);
    outcomes.push({ notification, duplicate: false });
    positions.push(position);
    ids.push(draft.id);
    types.push(draft.type);
    data.push(JSON.stringify(draft.data ?? null));
    createdAt.push(draft.createdAt);
    keys.push(draft.key ?? null);
    for (const feed of new Set(draft.feeds)) {
      entryFeeds.push(feed);
      entryPositions.push(position);
    }
  }
  if (position === head) return { outcomes, values: [] };
  return { outcomes, values: [positions, ids, types, data, createdAt, keys, entryFeeds, entryPositions, position] };
}
