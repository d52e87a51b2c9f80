import { NotificationsConfigError } from '../notifications.errors.js';
import { resolveOptions } from './resolve-options.js';

describe('resolveOptions', () => {
  it('fills the documented defaults', () => {
    const { events, ...rest } = resolveOptions({ jwt: { secret: 's' } });
    expect(Object.keys(events)).toEqual(['user.followed', 'order.created']);
    expect(events['order.created'].toRole).toBe('admin');
    expect(rest).toEqual({
      jwt: { secret: 's', algorithms: ['HS256'] },
      claims: { userId: ['sub', 'user_id', 'userId'], roles: 'roles' },
      adminRole: 'admin',
      corsOrigins: [],
      rabbitmq: { urls: ['amqp://guest:guest@127.0.0.1:5672'], queue: 'notifications', prefetchCount: 100, reconnectSeconds: 5 },
      shutdownGraceMs: 10_000,
      metrics: { prefix: 'notifications_' },
      inbox: { store: 'memory', retention: { maxPerFeed: 1000, maxAgeMs: 30 * 86_400_000 }, sweepEveryMs: 60_000 },
      limits: { eventsPerSecond: 20, eventBurst: 40, disconnectAfterRefused: 200, connectionsPerUser: 20, maxBufferedBytes: 1048576 },
    });
    expect(resolveOptions({ jwt: { secret: 's' }, redis: { url: 'redis://r' } }).redis).toEqual({
      url: 'redis://r',
      adapter: 'sharded',
      channelPrefix: 'notifications',
      streamName: 'notifications',
    });
  });

  it('requires a key', () => {
    expect(() => resolveOptions({ jwt: {} })).toThrow(NotificationsConfigError);
  });

  it('refuses algorithms that do not fit the key (no HMAC with a public key, no RSA with a secret)', () => {
    expect(() => resolveOptions({ jwt: { secret: 's', algorithms: ['RS256'] } })).toThrow(/do not match/);
    expect(() => resolveOptions({ jwt: { publicKey: 'pem', algorithms: ['HS256'] } })).toThrow(/do not match/);
    expect(() => resolveOptions({ jwt: { secret: 's', algorithms: ['none' as never] } })).toThrow(/do not match/);
  });
});

describe('resolveOptions: events', () => {
  it('the default order.created follows adminRole', () => {
    expect(resolveOptions({ jwt: { secret: 's' }, adminRole: 'ops' }).events['order.created'].toRole).toBe('ops');
  });

  it('a host table replaces the defaults, and a broken one stops start-up', () => {
    const own = { 'invoice.paid': { toUser: (e: { customerId: string }) => e.customerId } };
    expect(Object.keys(resolveOptions({ jwt: { secret: 's' }, events: own }).events)).toEqual(['invoice.paid']);
    expect(() => resolveOptions({ jwt: { secret: 's' }, events: { broken: {} } })).toThrow(NotificationsConfigError);
  });
});
