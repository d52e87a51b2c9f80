import { randomUUID } from 'node:crypto';
import {
  resumable,
  type InboxReader,
  type NotificationDraft,
  type NotificationStore,
  type RetentionPolicy,
} from './notification-store.interface.js';

/** Opens a fresh, empty, initialised store; `cleanup` closes it and removes what it created. */
export type StoreFactory = (
  retention: RetentionPolicy,
) => Promise<{ store: NotificationStore; cleanup: () => Promise<void> }>;

export const ROOMY: RetentionPolicy = { maxPerFeed: 1000, maxAgeMs: 24 * 3600_000 };

export const alice: InboxReader = { userId: 'alice', roles: ['ops'] };
export const bob: InboxReader = { userId: 'bob', roles: [] };
export const carol: InboxReader = { userId: 'carol', roles: [] };

/** Whether a resume of `reader`'s inbox after `after` is gap-free, from the store's bounds. */
export async function canResume(store: NotificationStore, reader: InboxReader, after: number): Promise<boolean> {
  return resumable(await store.resumeBounds(reader), after);
}

let counter = 0;

/** A draft with a fresh uuid id, stored in `feeds`. */
export function draft(feeds: string[], extra: Partial<NotificationDraft> = {}): NotificationDraft {
  counter += 1;
  return {
    id: randomUUID(),
    type: 'test.event',
    data: { n: counter, text: `note ${counter}` },
    createdAt: new Date().toISOString(),
    feeds,
    ...extra,
  };
}

/** Appends the drafts and returns their positions. */
export async function appendAll(store: NotificationStore, drafts: NotificationDraft[]): Promise<number[]> {
  const outcomes = await store.append(drafts);
  return outcomes.map((outcome) => outcome.notification.position);
}

/**
 * Registers a fresh store per test (closed after it) and returns a getter for it.
 * Call inside a `describe`.
 */
export function useStore(makeStore: StoreFactory, retention: RetentionPolicy = ROOMY): () => NotificationStore {
  let opened: Awaited<ReturnType<StoreFactory>> | undefined;
  beforeEach(async () => {
    opened = await makeStore(retention);
  });
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  return () => {
    if (!opened) throw new Error('no store: useStore() is only usable inside a test');
    return opened.store;
  };
}

export const positionsOf = (notes: { position: number }[]) => notes.map((note) => note.position);
