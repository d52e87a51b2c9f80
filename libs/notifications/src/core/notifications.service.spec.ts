import { EventTable } from '../events/event-table.js';
import { InboxStore } from '../inbox/inbox-store.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { InboxService } from './inbox.service.js';
import { InvalidPayloadError, NotificationsForbiddenError, UnknownPatternError } from '../notifications.errors.js';
import type { NotificationEnvelope } from '../notifications.events.js';
import { NotificationPublisher } from './notification-publisher.js';
import type { NotificationsTransport } from './notifications-transport.interface.js';
import { NotificationsService } from './notifications.service.js';
import { resolveOptions } from './resolve-options.js';

/** The service's outbound port, recording what it is handed (Socket.IO is exercised in test/). */
class RecordingTransport implements NotificationsTransport {
  readonly sent: { rooms: string[] | 'all'; envelope: NotificationEnvelope }[] = [];
  toRooms(rooms: string[], envelope: NotificationEnvelope): void {
    this.sent.push({ rooms, envelope });
  }
  broadcast(envelope: NotificationEnvelope): void {
    this.sent.push({ rooms: 'all', envelope });
  }
  unreadChanged(): void {}
  stats() {
    return { sockets: 0, rooms: 0 };
  }
}

describe('NotificationsService', () => {
  let transport: RecordingTransport;
  let service: NotificationsService;
  let metrics: NotificationsMetrics;

  beforeEach(() => {
    transport = new RecordingTransport();
    // Without an inbox: this spec is about the service; the inbox has its own specs and e2e tests.
    const options = resolveOptions({ jwt: { secret: 'service-spec-secret-5e8d1a7c3f9b2046' }, inbox: false });
    metrics = new NotificationsMetrics(options);
    const store = new InboxStore(options, metrics);
    const publisher = new NotificationPublisher(transport, metrics, store);
    service = new NotificationsService(publisher, new EventTable(options.events), new InboxService(store, transport, metrics), options);
  });
  afterEach(() => metrics.onModuleDestroy());

  it('builds one envelope { id, type, data, createdAt }, hands it over once and resolves with it', async () => {
    const before = Date.now();
    const envelope = await service.toUser('u1', 'user.followed', { followerId: 'a' });
    expect(Object.keys(envelope).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(envelope.type).toBe('user.followed');
    expect(envelope.data).toEqual({ followerId: 'a' });
    expect(Date.parse(envelope.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(transport.sent).toEqual([{ rooms: ['user:u1'], envelope }]);
  });

  it('gives every envelope a new, time-ordered id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await service.broadcast('t')).id);
    expect(new Set(ids).size).toBe(100);
    expect([...ids].sort()).toEqual(ids);
  });

  it('maps each method to its rooms, de-duplicating ids', async () => {
    await service.toUsers(['a', 'b', 'a'], 't');
    await service.toRole('admin', 't');
    await service.broadcast('t', 1);
    await service.send({ type: 't', userIds: ['x'], roles: ['ops'] });
    expect(transport.sent.map((s) => s.rooms)).toEqual([['user:a', 'user:b'], ['role:admin'], 'all', ['user:x', 'role:ops']]);
  });

  it('uses null for missing data, so the envelope is always the same shape', async () => {
    expect((await service.toRole('r', 't')).data).toBeNull();
  });

  it('sendAs requires the admin role and sends nothing otherwise', async () => {
    await expect(service.sendAs({ id: 'u', roles: ['user'] }, { type: 't', broadcast: true })).rejects.toThrow(NotificationsForbiddenError);
    expect((await service.sendAs({ id: 'o', roles: ['admin'] }, { type: 't', broadcast: true })).type).toBe('t');
    expect(transport.sent).toHaveLength(1);
  });

  it('receives broker messages: business events through the table, notification.send as a request', async () => {
    await service.receive({ pattern: 'user.followed', data: { followerId: 'a', followeeId: 'b' } });
    await service.receive({ pattern: 'order.created', data: { orderId: 'o1', total: 3 } });
    await service.receive({ pattern: 'notification.send', data: { type: 'raw', userIds: ['c'] } });
    await expect(service.receive({ pattern: 'user.followed', data: { followerId: 'a' } })).rejects.toThrow(InvalidPayloadError);
    await expect(service.receive({ pattern: 'user.deleted', data: {} })).rejects.toThrow(UnknownPatternError);
    await expect(service.receive({ pattern: 'notification.send', data: { type: 'no-target' } })).rejects.toThrow(InvalidPayloadError);
    expect(transport.sent.map((s) => [s.envelope.type, s.rooms])).toEqual([
      ['user.followed', ['user:b']],
      ['order.created', ['role:admin']],
      ['raw', ['user:c']],
    ]);
  });
});
