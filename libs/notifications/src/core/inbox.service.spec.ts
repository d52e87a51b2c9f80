import { randomUUID } from 'node:crypto';
import { inboxScope } from '../inbox/inbox-feeds.js';
import { InboxStore } from '../inbox/inbox-store.js';
import { resumable, type NotificationDraft } from '../inbox/notification-store.interface.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import type { NotificationsTransport } from './notifications-transport.interface.js';
import { InboxService } from './inbox.service.js';
import { resolveOptions } from './resolve-options.js';

const alice: AuthenticatedUser = { id: 'alice', roles: [] };
const noTransport = { unreadChanged: () => undefined } as unknown as NotificationsTransport;

describe('InboxService.replayStart (where a resume starts)', () => {
  let metrics: NotificationsMetrics;
  let store: InboxStore;
  let inbox: InboxService;
  let positions: number[];

  const draft = (feed: string): NotificationDraft => ({ id: randomUUID(), type: 't', data: null, createdAt: new Date().toISOString(), feeds: [feed] });
  const resumes = async () => (await metrics.registry.getSingleMetric('notifications_inbox_resumes_total')!.get()).values.map((v) => [v.labels.result, v.value]);

  beforeEach(async () => {
    const options = resolveOptions({ jwt: { secret: 'inbox-spec-secret-5e8d1a7c3f9b2046' }, inbox: { maxPerFeed: 5 } });
    metrics = new NotificationsMetrics(options);
    store = new InboxStore(options, metrics);
    await store.onModuleInit();
    inbox = new InboxService(store, noTransport, metrics);
    // alice: 1, 3, 4 (2 is bob's)
    const outcomes = await store.use((s) => s.append([draft('user:alice'), draft('user:bob'), draft('user:alice'), draft('user:alice')]));
    positions = outcomes.map((outcome) => outcome.notification.position);
  });
  afterEach(async () => {
    await store.onApplicationShutdown();
    metrics.onModuleDestroy();
  });

  const cursor = (position: number) => ({ epoch: store.epoch, position });

  it('starts after the cursor when the client received all the inbox holds between since and the cursor', async () => {
    expect(await inbox.replayStart(alice, cursor(positions[3]), { since: 0, received: 3 })).toBe(positions[3]);
    expect(await inbox.replayStart(alice, cursor(positions[2]), { since: positions[0], received: 1 })).toBe(positions[2]);
    expect(await resumes()).toEqual([['after_cursor', 2]]);
  });

  it('starts after since when the client received fewer (one went missing below its cursor), or sent no count', async () => {
    expect(await inbox.replayStart(alice, cursor(positions[3]), { since: 0, received: 2 })).toBe(0);
    expect(await inbox.replayStart(alice, cursor(positions[3]), { since: positions[0], received: undefined })).toBe(positions[0]);
    expect(await resumes()).toEqual([['gap_replayed', 2]]);
  });

  it('starts after since when the sync point was given for other feeds (the roles changed), whatever the count', async () => {
    const promoted: AuthenticatedUser = { id: 'alice', roles: ['ops'] };
    const scope = inboxScope({ userId: 'alice', roles: [] });
    expect(await inbox.replayStart(alice, cursor(positions[3]), { since: 0, received: 3, scope })).toBe(positions[3]);
    expect(await inbox.replayStart(promoted, cursor(positions[3]), { since: 0, received: 3, scope })).toBe(0);
    expect(await resumes()).toEqual([
      ['after_cursor', 1],
      ['gap_replayed', 1],
    ]);
  });

  it('starts after the cursor, unchecked, without a report (clients written before since/received)', async () => {
    expect(await inbox.replayStart(alice, cursor(positions[2]))).toBe(positions[2]);
    expect(await resumes()).toEqual([['unchecked', 1]]);
  });

  it('starts after since, not after the cursor, when retention removed some since it, even when the count matches', async () => {
    // alice's inbox up to b1: 1, 3, 4 and broadcast b1. She got 3, 4 and b1 but never 1 (received 3); then b1 is
    // trimmed: the inbox holds 3 up to her cursor, as many as she received, yet 1 is missing.
    const [broadcast] = await store.use((s) => s.append([draft('broadcast')]));
    await store.use((s) => s.append([1, 2, 3, 4, 5].map(() => draft('broadcast')))); // maxPerFeed 5: the first broadcast is trimmed
    const newest = broadcast.notification.position;
    const reader = { userId: 'alice', roles: [] };
    expect(await store.use(async (s) => resumable(await s.resumeBounds(reader), newest - 1))).toBe(false); // trimmed up to b1
    expect(await store.use(async (s) => resumable(await s.resumeBounds(reader), newest))).toBe(true);
    expect(await inbox.replayStart(alice, cursor(newest), { since: 0, received: 3 })).toBe(0);
    expect(await resumes()).toEqual([['gap_replayed', 1]]);
  });

  it('replays after since what is still stored in every feed, however far another feed of the reader was trimmed', async () => {
    const broadcasts = await store.use((s) => s.append([1, 2, 3, 4, 5, 6].map(() => draft('broadcast')))); // trimmed above alice's 1
    const newest = broadcasts[5].notification.position;
    const replay = await inbox.missed(alice, (await inbox.replayStart(alice, cursor(newest), { since: 0, received: 7 }))!, 100);
    expect(replay.map((e) => e.cursor)).toContain(`${store.epoch}.${positions[0]}`);
  });

  it('cannot start when the cursor itself is older than the retention, or is another store’s', async () => {
    await store.use((s) => s.append([1, 2, 3, 4, 5].map(() => draft('user:alice')))); // 1, 3, 4 trimmed
    expect(await inbox.replayStart(alice, cursor(positions[2]), { since: 0, received: 2 })).toBeUndefined();
    expect(await inbox.replayStart(alice, { epoch: 'another', position: 1 }, { since: 0, received: 0 })).toBeUndefined();
    expect(await resumes()).toEqual([['reset', 2]]);
  });

  describe('check (inbox:check while connected)', () => {
    const at = (position: number) => `${store.epoch}.${position}`;
    const checks = async () => (await metrics.registry.getSingleMetric('notifications_inbox_checks_total')!.get()).values.map((v) => [v.labels.result, v.value]);

    it('is complete when the client has as many above since as the inbox holds up to its cursor; newest is the inbox’s', async () => {
      const newest = at(positions[3]);
      expect(await inbox.check(alice, { cursor: at(positions[3]), since: at(0), received: 3 })).toEqual({ complete: true, newest });
      expect(await inbox.check(alice, { cursor: at(positions[2]), since: at(positions[0]), received: 1 })).toEqual({ complete: true, newest });
      expect(await inbox.check({ id: 'nobody', roles: [] }, { cursor: at(0), since: at(0), received: 0 })).toEqual({ complete: true });
      expect(await checks()).toEqual([['complete', 3]]);
    });

    it('is not complete when one is missing, the cursor is another store’s, or since is gone (retention)', async () => {
      const complete = async (request: unknown) => (await inbox.check(alice, request)).complete;
      expect(await complete({ cursor: at(positions[3]), since: at(0), received: 2 })).toBe(false);
      expect(await complete({ cursor: 'another.4', since: 'another.0', received: 3 })).toBe(false);
      await store.use((s) => s.append([draft('user:alice'), draft('user:alice'), draft('user:alice')])); // 1 trimmed
      expect(await complete({ cursor: at(positions[3]), since: at(0), received: 2 })).toBe(false);
      expect(await checks()).toEqual([['incomplete', 3]]);
    });

    it('refuses a malformed request', async () => {
      await expect(inbox.check(alice, { cursor: at(1) })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    });
  });
});
