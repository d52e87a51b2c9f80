import { InvalidPayloadError, NotificationsForbiddenError } from '../notifications.errors.js';
import type { NotificationEnvelope } from '../notifications.events.js';
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
  stats() {
    return { sockets: 0, rooms: 0 };
  }
}

describe('NotificationsService', () => {
  let transport: RecordingTransport;
  let service: NotificationsService;

  beforeEach(() => {
    transport = new RecordingTransport();
    service = new NotificationsService(transport, resolveOptions({ jwt: { secret: 's' } }));
  });

  it('builds one envelope { id, type, data, createdAt }, hands it over once and returns it', () => {
    const before = Date.now();
    const envelope = service.toUser('u1', 'user.followed', { followerId: 'a' });
    expect(Object.keys(envelope).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(envelope.type).toBe('user.followed');
    expect(envelope.data).toEqual({ followerId: 'a' });
    expect(Date.parse(envelope.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(transport.sent).toEqual([{ rooms: ['user:u1'], envelope }]);
  });

  it('gives every envelope a new, time-ordered id', () => {
    const ids = Array.from({ length: 100 }, () => service.broadcast('t').id);
    expect(new Set(ids).size).toBe(100);
    expect([...ids].sort()).toEqual(ids);
  });

  it('maps each method to its rooms, de-duplicating ids', () => {
    service.toUsers(['a', 'b', 'a'], 't');
    service.toRole('admin', 't');
    service.broadcast('t', 1);
    service.send({ type: 't', userIds: ['x'], roles: ['ops'] });
    expect(transport.sent.map((s) => s.rooms)).toEqual([['user:a', 'user:b'], ['role:admin'], 'all', ['user:x', 'role:ops']]);
  });

  it('uses null for missing data, so the envelope is always the same shape', () => {
    expect(service.toRole('r', 't').data).toBeNull();
  });

  it('sendAs requires the admin role and sends nothing otherwise', () => {
    expect(() => service.sendAs({ id: 'u', roles: ['user'] }, { type: 't', broadcast: true })).toThrow(
      NotificationsForbiddenError,
    );
    expect(service.sendAs({ id: 'o', roles: ['admin'] }, { type: 't', broadcast: true }).type).toBe('t');
    expect(transport.sent).toHaveLength(1);
  });

  it('maps business events and refuses bad ones without sending', () => {
    service.userFollowed({ followerId: 'a', followeeId: 'b' });
    service.orderCreated({ orderId: 'o1', total: 3 });
    expect(() => service.userFollowed({ followerId: 'a' })).toThrow(InvalidPayloadError);
    expect(transport.sent.map((s) => [s.envelope.type, s.rooms])).toEqual([
      ['user.followed', ['user:b']],
      ['order.created', ['role:admin']],
    ]);
  });
});
