import { randomUUID } from 'node:crypto';
import {
  alice,
  appendAll,
  bob,
  draft,
  positionsOf,
  useStore,
  type StoreFactory,
} from './notification-store-fixtures.contract.js';

/** Idempotency keys, unread counts and read marks. */
export function describeReadState(makeStore: StoreFactory): void {
  describe('idempotency keys', () => {
    const store = useStore(makeStore);

    it('answers a key already stored with the first notification, marked duplicate, storing nothing', async () => {
      const [first] = await store().append([draft(['user:alice'], { key: 'order-1' })]);
      const again = draft(['user:alice', 'broadcast'], { key: 'order-1' });
      const other = draft(['user:alice']);
      const outcomes = await store().append([again, other]);
      expect(outcomes[0]).toEqual({ duplicate: true, notification: first.notification });
      expect(outcomes[1].duplicate).toBe(false);
      expect(await store().head()).toBe(outcomes[1].notification.position);
      const ids = (await store().readAfter(alice, 0, 10)).map((note) => note.id);
      expect(ids).toEqual([first.notification.id, other.id]);
      expect(await store().readAfter(bob, 0, 10)).toEqual([]);
    });

    it('answers the same draft appended again (a retry whose answer was lost) as stored, not as a duplicate', async () => {
      const once = draft(['user:alice'], { key: 'retry-1' });
      const [first] = await store().append([once]);
      const [again] = await store().append([once]);
      expect(again).toEqual({ duplicate: false, notification: first.notification });
      expect((await store().readAfter(alice, 0, 10)).map((note) => note.id)).toEqual([once.id]);
    });

    it('stores a key repeated within one batch once', async () => {
      const drafts = [draft(['user:alice'], { key: 'k' }), draft(['user:alice']), draft(['user:alice'], { key: 'k' })];
      const outcomes = await store().append(drafts);
      expect(outcomes.map((outcome) => outcome.duplicate)).toEqual([false, false, true]);
      expect(outcomes[2].notification).toEqual(outcomes[0].notification);
      expect((await store().readAfter(alice, 0, 10)).map((note) => note.id)).toEqual([drafts[0].id, drafts[1].id]);
    });
  });

  describe('read state', () => {
    const store = useStore(makeStore);

    it('counts unread and marks read by id, ignoring ids outside the inbox', async () => {
      const mine = [draft(['user:alice']), draft(['broadcast']), draft(['role:ops'])];
      const bobs = draft(['user:bob']);
      await store().append([...mine, bobs]);
      expect(await store().unreadCount(alice)).toBe(3);
      const ignored = [bobs.id, randomUUID(), 'not-a-uuid'];
      expect(await store().markRead(alice, [mine[0].id, ...ignored])).toBe(2);
      expect(await store().markRead(alice, [mine[0].id])).toBe(2);
      expect(await store().unreadCount(alice)).toBe(2);
      expect(await store().unreadCount(bob)).toBe(2);
      expect(await store().markRead(alice, [mine[1].id])).toBe(1);
      expect(await store().unreadCount(bob)).toBe(2);
    });

    it('marks all read; what comes later is unread again', async () => {
      await store().append([draft(['user:alice']), draft(['broadcast']), draft(['user:bob'])]);
      expect(await store().markRead(alice, 'all')).toBe(0);
      expect((await store().list(alice, { limit: 10 })).map((entry) => entry.read)).toEqual([true, true]);
      expect(await store().unreadCount(bob)).toBe(2);
      const [late] = await appendAll(store(), [draft(['role:ops'])]);
      expect(await store().unreadCount(alice)).toBe(1);
      const entries = await store().list(alice, { limit: 10 });
      expect(entries.map((entry) => [entry.position, entry.read])[0]).toEqual([late, false]);
    });

    it('marks all read only up to the newest notification of the reader’s inbox', async () => {
      await store().append([draft(['user:alice'])]);
      const admins = draft(['role:admin']);
      await store().append([admins]);
      expect(await store().markRead(alice, 'all')).toBe(0);
      const promoted = { userId: 'alice', roles: ['ops', 'admin'] };
      expect(await store().unreadCount(promoted)).toBe(1);
      const [newest] = await store().list(promoted, { limit: 1 });
      expect([newest.id, newest.read]).toEqual([admins.id, false]);
    });

    it('keeps one read state per user: two tabs agree, other users keep theirs', async () => {
      const p = await appendAll(store(), [draft(['broadcast']), draft(['broadcast'])]);
      const [first] = await store().readAfter(alice, 0, 1);
      const otherTab = { userId: 'alice', roles: ['ops'] };
      await store().markRead(alice, [first.id]);
      expect(await store().unreadCount(otherTab)).toBe(1);
      const listed = await store().list(otherTab, { limit: 10 });
      expect(listed.map((entry) => [entry.position, entry.read])).toEqual([[p[1], false], [p[0], true]]);
      expect(positionsOf(await store().readAfter(otherTab, 0, 10))).toEqual(p);
      expect(await store().unreadCount(bob)).toBe(2);
      expect((await store().list(bob, { limit: 10 })).every((entry) => !entry.read)).toBe(true);
    });
  });
}
