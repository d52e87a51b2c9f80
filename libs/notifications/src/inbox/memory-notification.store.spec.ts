import { MemoryNotificationStore } from './memory-notification.store.js';
import { describeNotificationStoreContract } from './notification-store.contract.js';
import { alice, canResume, draft } from './notification-store-fixtures.contract.js';

describeNotificationStoreContract('MemoryNotificationStore', async (retention) => {
  const store = new MemoryNotificationStore(retention);
  await store.init();
  return { store, cleanup: () => store.close() };
});

describe('MemoryNotificationStore', () => {
  it('enforces maxPerFeed as it appends, before any sweep', async () => {
    const store = new MemoryNotificationStore({ maxPerFeed: 2, maxAgeMs: 60_000 });
    const outcomes = await store.append([1, 2, 3, 4].map(() => draft(['user:alice'])));
    const positions = outcomes.map((outcome) => outcome.notification.position);
    expect((await store.readAfter(alice, 0, 10)).map((note) => note.position)).toEqual(positions.slice(2));
    expect(await canResume(store, alice, positions[0])).toBe(false);
    expect(await canResume(store, alice, positions[1])).toBe(true);
    expect(await store.sweep()).toBe(0);
  });

  it('starts a new epoch in every instance: a restart voids the cursors', () => {
    const retention = { maxPerFeed: 10, maxAgeMs: 60_000 };
    expect(new MemoryNotificationStore(retention).epoch).not.toBe(new MemoryNotificationStore(retention).epoch);
  });
});
