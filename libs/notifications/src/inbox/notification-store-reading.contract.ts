import { InvalidPayloadError } from '../notifications.errors.js';
import {
  alice,
  appendAll,
  bob,
  canResume,
  draft,
  positionsOf,
  useStore,
  type StoreFactory,
} from './notification-store-fixtures.contract.js';

/** Appending, positions, feeds and the two ways of reading an inbox. */
export function describeReading(makeStore: StoreFactory): void {
  describe('appending and reading', () => {
    const store = useStore(makeStore);

    it('starts empty, with an epoch that stays the same (init again changes nothing)', async () => {
      expect(await store().head()).toBe(0);
      const epoch = store().epoch;
      expect(epoch).toMatch(/^\S{8,}$/);
      await appendAll(store(), [draft(['user:alice'])]);
      await store().init();
      expect(store().epoch).toBe(epoch);
      expect(await store().head()).toBe(1);
    });

    it('gives positions in draft order, ascending across batches, and returns what it stored', async () => {
      const drafts = [draft(['user:alice']), draft(['broadcast']), draft(['role:ops'])];
      const outcomes = await store().append(drafts);
      const first = positionsOf(outcomes.map((outcome) => outcome.notification));
      expect(first[0]).toBeGreaterThan(0);
      expect(first[1]).toBeGreaterThan(first[0]);
      expect(first[2]).toBeGreaterThan(first[1]);
      outcomes.forEach((outcome, i) => {
        const { id, type, data, createdAt } = drafts[i];
        expect(outcome).toEqual({ duplicate: false, notification: { id, type, data, createdAt, position: first[i] } });
      });
      expect(await store().head()).toBe(first[2]);
      const [next] = await appendAll(store(), [draft(['user:alice'])]);
      expect(next).toBeGreaterThan(first[2]);
      expect(await store().head()).toBe(next);
    });

    it('stores a notification in several feeds under one position; a reader in two of them sees it once', async () => {
      const shared = draft(['user:alice', 'role:ops', 'user:bob']);
      const [position] = await appendAll(store(), [shared]);
      expect(positionsOf(await store().readAfter(alice, 0, 10))).toEqual([position]);
      expect(positionsOf(await store().list(alice, { limit: 10 }))).toEqual([position]);
      expect(await store().unreadCount(alice)).toBe(1);
      expect((await store().readAfter(bob, 0, 10)).map((note) => note.id)).toEqual([shared.id]);
    });

    it('counts the inbox between two positions: after the first, up to and with the second, each notification once', async () => {
      const p = await appendAll(store(), [
        draft(['user:alice']),
        draft(['user:bob']),
        draft(['user:alice', 'role:ops']),
        draft(['broadcast']),
        draft(['user:alice']),
      ]);
      expect(await store().countBetween(alice, 0, p[4])).toBe(4);
      expect(await store().countBetween(alice, p[0], p[3])).toBe(2);
      expect(await store().countBetween(alice, p[0], p[1])).toBe(0);
      expect(await store().countBetween(alice, p[3], p[3])).toBe(0);
      expect(await store().countBetween(alice, p[4], p[4] + 100)).toBe(0);
      expect(await store().countBetween(bob, 0, p[4])).toBe(2);
    });

    it('makes an inbox of the user feed, the role feeds and broadcast, and nothing else', async () => {
      const drafts = ['user:alice', 'role:ops', 'broadcast', 'user:bob', 'role:admin'].map((feed) => draft([feed]));
      await store().append(drafts);
      const ids = async (reader: typeof alice) => (await store().readAfter(reader, 0, 10)).map((note) => note.id);
      expect(await ids(alice)).toEqual([drafts[0].id, drafts[1].id, drafts[2].id]);
      expect(await ids(bob)).toEqual([drafts[2].id, drafts[3].id]);
      expect(await ids({ userId: 'alice', roles: ['admin'] })).toEqual([drafts[0].id, drafts[2].id, drafts[4].id]);
    });

    it('reads after a position oldest first, at most limit, with the stored content', async () => {
      const drafts = [1, 2, 3, 4, 5].map(() => draft(['user:alice']));
      const p = await appendAll(store(), drafts);
      const page = await store().readAfter(alice, p[1], 2);
      const { id, type, data, createdAt } = drafts[2];
      expect(page[0]).toEqual({ id, type, data, createdAt, position: p[2] });
      expect(positionsOf(page)).toEqual([p[2], p[3]]);
      expect(positionsOf(await store().readAfter(alice, p[3], 10))).toEqual([p[4]]);
      expect(await store().readAfter(alice, p[4], 10)).toEqual([]);
      expect(await store().readAfter(alice, 0, 0)).toEqual([]);
      expect(await store().list(alice, { limit: 0 })).toEqual([]);
    });

    it('lists newest first, paged with before, with read flags', async () => {
      const drafts = [1, 2, 3, 4, 5].map(() => draft(['user:alice']));
      const p = await appendAll(store(), drafts);
      await store().markRead(alice, [drafts[3].id]);
      const first = await store().list(alice, { limit: 2 });
      expect(first.map((entry) => [entry.position, entry.read])).toEqual([[p[4], false], [p[3], true]]);
      expect(first[1]).toEqual({ ...(await store().readAfter(alice, p[2], 1))[0], read: true });
      const second = await store().list(alice, { before: first[1].position, limit: 2 });
      expect(positionsOf(second)).toEqual([p[2], p[1]]);
      expect(positionsOf(await store().list(alice, { before: second[1].position, limit: 2 }))).toEqual([p[0]]);
      expect(await store().list(alice, { before: p[0], limit: 2 })).toEqual([]);
    });

    it('resumes up to the head and not beyond it', async () => {
      expect(await canResume(store(), alice, 0)).toBe(true);
      expect(await canResume(store(), alice, 1)).toBe(false);
      const p = await appendAll(store(), [draft(['user:alice']), draft(['user:bob'])]);
      expect(await canResume(store(), alice, 0)).toBe(true);
      expect(await canResume(store(), alice, p[1])).toBe(true);
      expect(await canResume(store(), bob, p[1] + 1)).toBe(false);
    });

    it('refuses a batch with a feedless draft and stores nothing of it', async () => {
      const batch = [draft(['user:alice']), draft([])];
      await expect(store().append(batch)).rejects.toBeInstanceOf(InvalidPayloadError);
      expect(await store().head()).toBe(0);
      expect(await store().readAfter(alice, 0, 10)).toEqual([]);
    });
  });
}
