import type { AppendOutcome, NotificationDraft, StoredNotification } from './notification-store.interface.js';

/** Notifications already in the store that a batch ran into, by key and by id. */
export interface ExistingRows {
  byKey: ReadonlyMap<string, StoredNotification>;
  byId: ReadonlyMap<string, StoredNotification>;
}

/** What one `append` writes, before its positions are known. */
export interface AppendPlan {
  /** How many drafts the statement offers (duplicates within the batch are offered once). */
  count: number;
  /** Parameters of `appendBatch`. */
  values: unknown[];
  /** Keys and ids of the offered drafts the statement did not insert (already stored). */
  skipped(base: number, inserted: ReadonlySet<number>): { keys: string[]; ids: string[] };
  /**
   * The outcomes, in draft order, once the statement has said where the batch starts and,
   * when it skipped some, which positions it inserted and what was stored instead.
   */
  outcomes(base: number, inserted?: ReadonlySet<number>, existing?: ExistingRows): AppendOutcome[];
}

/** A draft's 1-based ordinal among the offered drafts; `duplicate` when an earlier draft of the batch has its key. */
type Slot = { ordinal: number; duplicate: boolean };

/**
 * Offers the drafts whose key no earlier draft of the batch took; the statement gives
 * them the positions base + 1, base + 2, ... and skips those already stored.
 */
export function planAppend(drafts: readonly NotificationDraft[]): AppendPlan {
  const fresh: NotificationDraft[] = [];
  const slots: Slot[] = [];
  const ordinalByKey = new Map<string, number>();
  const entryFeeds: string[] = [];
  const entryOrdinals: number[] = [];
  for (const draft of drafts) {
    const { key } = draft;
    const earlier = key === undefined ? undefined : ordinalByKey.get(key);
    if (earlier) {
      slots.push({ ordinal: earlier, duplicate: true });
      continue;
    }
    const ordinal = fresh.push(draft);
    if (key !== undefined) ordinalByKey.set(key, ordinal);
    slots.push({ ordinal, duplicate: false });
    for (const feed of new Set(draft.feeds)) {
      entryFeeds.push(feed);
      entryOrdinals.push(ordinal);
    }
  }
  const wasSkipped = (base: number, inserted: ReadonlySet<number> | undefined, ordinal: number) =>
    inserted !== undefined && !inserted.has(base + ordinal);
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
    skipped: (base, inserted) => {
      const missing = fresh.filter((_, i) => wasSkipped(base, inserted, i + 1));
      return { keys: missing.flatMap((draft) => (draft.key === undefined ? [] : [draft.key])), ids: missing.map((draft) => draft.id) };
    },
    outcomes: (base, inserted, existing) => {
      const notifications = fresh.map(({ id, type, data, createdAt, key }, i): [StoredNotification, boolean] => {
        if (!wasSkipped(base, inserted, i + 1)) return [{ id, type, data, createdAt, position: base + i + 1 }, false];
        const stored = (key === undefined ? undefined : existing?.byKey.get(key)) ?? existing?.byId.get(id);
        if (!stored) throw new Error(`PostgresNotificationStore: notification ${id} was neither stored nor found`);
        return [stored, stored.id !== id]; // the same id: this draft, stored by an attempt whose answer was lost
      });
      return slots.map(({ ordinal, duplicate }) => {
        const [notification, alreadyStored] = notifications[ordinal - 1]!;
        return { notification, duplicate: duplicate || alreadyStored };
      });
    },
  };
}
