import type { AppendOutcome, NotificationDraft, StoredNotification } from './notification-store.interface.js';

/** What one `append` writes, before its positions are known. */
export interface AppendPlan {
  /** How many notifications it stores (duplicates take no position). */
  count: number;
  /** Parameters of `appendBatch`. */
  values: unknown[];
  /** The outcomes, in draft order, once the statement has said where the batch starts. */
  outcomes(base: number): AppendOutcome[];
}

/** A draft to store (its 1-based ordinal in the batch) or a duplicate of a stored or earlier one. */
type Slot = { ordinal: number; duplicate: boolean } | { stored: StoredNotification };

/**
 * Orders the drafts whose key is not stored yet (`stored`) nor taken by an earlier draft
 * of the batch; the statement gives them the positions base + 1, base + 2, ...
 */
export function planAppend(
  drafts: readonly NotificationDraft[],
  stored: ReadonlyMap<string, StoredNotification> = new Map(),
): AppendPlan {
  const fresh: NotificationDraft[] = [];
  const slots: Slot[] = [];
  const ordinalByKey = new Map<string, number>();
  const entryFeeds: string[] = [];
  const entryOrdinals: number[] = [];
  for (const draft of drafts) {
    const { key } = draft;
    const first = key === undefined ? undefined : stored.get(key);
    const earlier = key === undefined ? undefined : ordinalByKey.get(key);
    if (first) slots.push({ stored: first });
    else if (earlier) slots.push({ ordinal: earlier, duplicate: true });
    else {
      const ordinal = fresh.push(draft);
      if (key !== undefined) ordinalByKey.set(key, ordinal);
      slots.push({ ordinal, duplicate: false });
      for (const feed of new Set(draft.feeds)) {
        entryFeeds.push(feed);
        entryOrdinals.push(ordinal);
      }
    }
  }
  return {
    count: fresh.length,
    values: [
      fresh.length,
      fresh.map((draft) => draft.id),
      fresh.map((draft) => draft.type),
      fresh.map((draft) => JSON.stringify(draft.data ?? null)),
      fresh.map((draft) => draft.createdAt),
      fresh.map((draft) => draft.key ?? null),
      entryFeeds,
      entryOrdinals,
    ],
    outcomes: (base) => {
      const notifications = fresh.map(({ id, type, data, createdAt }, i) => ({
        id,
        type,
        data,
        createdAt,
        position: base + i + 1,
      }));
      return slots.map((slot) =>
        'stored' in slot
          ? { notification: slot.stored, duplicate: true }
          : { notification: notifications[slot.ordinal - 1], duplicate: slot.duplicate },
      );
    },
  };
}
