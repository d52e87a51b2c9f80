import {
  alice,
  appendAll,
  bob,
  canResume,
  carol,
  draft,
  positionsOf,
  useStore,
  type StoreFactory,
} from './notification-store-fixtures.contract.js';

const HOUR = 3600_000;

/** Retention by count and by age, and what it does to resuming. */
export function describeRetention(makeStore: StoreFactory): void {
  describe('retention by count', () => {
    const store = useStore(makeStore, { maxPerFeed: 3, maxAgeMs: HOUR });

    it('keeps the newest maxPerFeed of each feed; a trimmed feed cannot resume from before its cut', async () => {
      const a = await appendAll(store(), [1, 2, 3, 4, 5].map(() => draft(['user:alice'])));
      const b = await appendAll(store(), [draft(['user:bob']), draft(['user:bob'])]);
      await store().sweep();
      expect(positionsOf(await store().readAfter(alice, 0, 10))).toEqual(a.slice(2));
      expect(positionsOf(await store().list(alice, { limit: 10 }))).toEqual(a.slice(2).reverse());
      expect(await store().unreadCount(alice)).toBe(3);
      expect(await canResume(store(), alice, 0)).toBe(false);
      expect(await canResume(store(), alice, a[0])).toBe(false);
      expect(await canResume(store(), alice, a[1])).toBe(true);
      expect(await canResume(store(), bob, 0)).toBe(true);
      expect(positionsOf(await store().readAfter(bob, 0, 10))).toEqual(b);
    });

    it('keeps a notification trimmed from one feed in its other feeds', async () => {
      const shared = draft(['user:alice', 'user:bob']);
      await store().append([shared, ...[1, 2, 3].map(() => draft(['user:alice']))]);
      await store().sweep();
      expect((await store().readAfter(alice, 0, 10)).map((note) => note.id)).not.toContain(shared.id);
      expect((await store().readAfter(bob, 0, 10)).map((note) => note.id)).toEqual([shared.id]);
      expect(await canResume(store(), bob, 0)).toBe(true);
    });

    it('forgets the key of a notification no feed holds any more, not before', async () => {
      await store().append([draft(['user:alice', 'user:bob'], { key: 'gone' })]);
      await store().append([1, 2, 3].map(() => draft(['user:alice'])));
      await store().sweep();
      const [kept] = await store().append([draft(['user:carol'], { key: 'gone' })]);
      expect(kept.duplicate).toBe(true);
      await store().append([1, 2, 3].map(() => draft(['user:bob'])));
      await store().sweep();
      const [fresh] = await store().append([draft(['user:carol'], { key: 'gone' })]);
      expect(fresh.duplicate).toBe(false);
      expect((await store().readAfter(carol, 0, 10)).map((note) => note.id)).toEqual([fresh.notification.id]);
    });
  });

  describe('retention by age', () => {
    const store = useStore(makeStore, { maxPerFeed: 1000, maxAgeMs: 60_000 });

    it('sweeps entries older than maxAgeMs and says how many; untouched feeds still resume', async () => {
      const now = Date.now();
      const at = (msAgo: number) => new Date(now - msAgo).toISOString();
      const old = draft(['user:alice', 'role:ops'], { createdAt: at(120_000), key: 'old' });
      const older = draft(['user:alice'], { createdAt: at(90_000) });
      const fresh = draft(['user:alice'], { createdAt: at(1_000) });
      const carols = draft(['user:carol'], { createdAt: at(1_000) });
      const p = await appendAll(store(), [old, older, fresh, carols, draft(['broadcast'])]);
      expect(await store().sweep(now)).toBe(3);
      expect(positionsOf(await store().readAfter(alice, 0, 10))).toEqual([p[2], p[4]]);
      expect(await canResume(store(), alice, 0)).toBe(false);
      expect(await canResume(store(), alice, p[1])).toBe(true);
      expect(await canResume(store(), carol, 0)).toBe(true);
      expect(await store().sweep(now)).toBe(0);
      const [again] = await store().append([draft(['user:alice'], { key: 'old' })]);
      expect(again.duplicate).toBe(false);
    });
  });
}
