import { randomBytes } from 'node:crypto';
import { NotificationsConfigError } from '../notifications.errors.js';
import { resolveOptions } from './resolve-options.js';

/** Secrets shorter, blanker or plainer than this are refused (see the last block). */
const SECRET = 'resolve-options-spec-7f3a9c1e5b2d8f40';

describe('resolveOptions', () => {
  it('fills the documented defaults', () => {
    const { events, ...rest } = resolveOptions({ jwt: { secret: SECRET } });
    expect(Object.keys(events)).toEqual(['user.followed', 'order.created']);
    expect(events['order.created'].toRole).toBe('admin');
    expect(rest).toEqual({
      jwt: { secret: SECRET, algorithms: ['HS256'] },
      claims: { userId: ['sub', 'user_id', 'userId'], roles: 'roles' },
      adminRole: 'admin',
      corsOrigins: [],
      rabbitmq: { urls: ['amqp://guest:guest@127.0.0.1:5672'], queue: 'notifications', prefetchCount: 100, reconnectSeconds: 5 },
      shutdownGraceMs: 10_000,
      metrics: { prefix: 'notifications_' },
      inbox: { store: 'memory', retention: { maxPerFeed: 1000, maxAgeMs: 30 * 86_400_000 }, sweepEveryMs: 60_000 },
      limits: {
        maxPayloadBytes: 65536,
        connectTimeoutMs: 5000,
        idleHandshakeMs: 5000,
        eventsPerSecond: 20,
        eventBurst: 40,
        disconnectAfterRefused: 200,
        connectionsPerUser: 20,
        maxBufferedBytes: 1048576,
      },
    });
    expect(resolveOptions({ jwt: { secret: SECRET }, redis: { url: 'redis://r' } }).redis).toEqual({
      url: 'redis://r',
      adapter: 'sharded',
      channelPrefix: 'notifications',
      streamName: 'notifications',
    });
  });

  it('keeps a metrics token, and refuses one short enough to guess', () => {
    expect(resolveOptions({ jwt: { secret: SECRET }, metrics: { token: 'm'.repeat(16) } }).metrics).toEqual({ prefix: 'notifications_', token: 'm'.repeat(16) });
    for (const token of ['', 'short-token', 42 as unknown as string]) {
      expect(() => resolveOptions({ jwt: { secret: SECRET }, metrics: { token } })).toThrow('metrics.token must be a string of at least 16 characters');
    }
  });

  it('requires a key', () => {
    expect(() => resolveOptions({ jwt: {} })).toThrow(NotificationsConfigError);
  });

  it('refuses algorithms that do not fit the key (no HMAC with a public key, no RSA with a secret)', () => {
    expect(() => resolveOptions({ jwt: { secret: SECRET, algorithms: ['RS256'] } })).toThrow(/do not match/);
    expect(() => resolveOptions({ jwt: { publicKey: 'pem', algorithms: ['HS256'] } })).toThrow(/do not match/);
    expect(() => resolveOptions({ jwt: { secret: SECRET, algorithms: ['none' as never] } })).toThrow(/do not match/);
  });
});

describe('resolveOptions: events', () => {
  it('the default order.created follows adminRole', () => {
    expect(resolveOptions({ jwt: { secret: SECRET }, adminRole: 'ops' }).events['order.created'].toRole).toBe('ops');
  });

  it('a host table replaces the defaults, and a broken one stops start-up', () => {
    const own = { 'invoice.paid': { toUser: (e: { customerId: string }) => e.customerId } };
    expect(Object.keys(resolveOptions({ jwt: { secret: SECRET }, events: own }).events)).toEqual(['invoice.paid']);
    expect(() => resolveOptions({ jwt: { secret: SECRET }, events: { broken: {} } })).toThrow(NotificationsConfigError);
  });
});

describe('resolveOptions: limits', () => {
  it('takes what the host sets and fills the rest', () => {
    expect(resolveOptions({ jwt: { secret: SECRET }, limits: { connectTimeoutMs: 2000, idleHandshakeMs: 0, eventsPerSecond: 5 } }).limits).toEqual({
      maxPayloadBytes: 65536,
      connectTimeoutMs: 2000,
      idleHandshakeMs: 0,
      eventsPerSecond: 5,
      eventBurst: 40,
      disconnectAfterRefused: 200,
      connectionsPerUser: 20,
      maxBufferedBytes: 1048576,
    });
  });

  it.each([
    [{ maxPayloadBytes: 100 }, /limits.maxPayloadBytes must be an integer of at least 1024, got 100/],
    [{ connectTimeoutMs: 0 }, /limits.connectTimeoutMs must be a positive integer, got 0/],
    [{ idleHandshakeMs: -1 }, /limits.idleHandshakeMs must be an integer of at least 0/],
    [{ connectTimeoutMs: 1.5 }, /limits.connectTimeoutMs/],
    [{ maxPayloadBytes: '65536' as never }, /limits.maxPayloadBytes/],
  ])('refuses %j', (limits, message) => {
    expect(() => resolveOptions({ jwt: { secret: SECRET }, limits })).toThrow(message);
  });
});

describe('resolveOptions: inbox', () => {
  it.each([
    [{ maxPerFeed: 0 }, /maxPerFeed must be a positive integer/],
    [{ maxAgeDays: Infinity }, /maxAgeDays must be a finite number above 0/],
    [{ sweepEverySeconds: 3e6 }, /sweepEverySeconds must be above 0 and at most 2147483.647/],
    [{ sweepEverySeconds: 0 }, /sweepEverySeconds must be above 0/],
  ])('refuses %j', (inbox, message) => {
    expect(() => resolveOptions({ jwt: { secret: SECRET }, inbox })).toThrow(message);
  });
});

describe('resolveOptions: jwt.secret strength', () => {
  it.each([
    ['32 spaces', ' '.repeat(32), /whitespace/],
    ['32 x "a"', 'a'.repeat(32), /only 1 distinct characters/],
    ['"abab…" (low variety)', 'ab'.repeat(20), /only 2 distinct characters/],
    ['a 16-character unit repeated', '0123456789abcdef'.repeat(2), /one short sequence repeated/],
    ['mostly one character', `${'a'.repeat(30)}bcdefgh`, /mostly the same few characters/],
    ['a space inside', 'k7Qp2vX9mL4tR8wZ n3bF6hJ1cY5gD0s', /whitespace/],
    ['a line break around', 'k7Qp2vX9mL4tR8wZn3bF6hJ1cY5gD0sE\n', /whitespace/],
    ['31 characters', 'k7Qp2vX9mL4tR8wZn3bF6hJ1cY5gD0s', /31 bytes long; at least 32/],
  ])('refuses %s with CONFIG_INVALID and the reason', (_label, secret, reason) => {
    let error: NotificationsConfigError | undefined;
    try {
      resolveOptions({ jwt: { secret } });
    } catch (e) {
      error = e as NotificationsConfigError;
    }
    expect(error).toBeInstanceOf(NotificationsConfigError);
    expect(error!.code).toBe('CONFIG_INVALID');
    expect(error!.message).toMatch(/jwt\.secret is too weak/);
    expect(error!.message).toMatch(reason);
  });

  it('accepts random secrets in the usual encodings', () => {
    for (let i = 0; i < 500; i++) {
      for (const secret of [randomBytes(16).toString('hex'), randomBytes(32).toString('base64url'), randomBytes(24).toString('base64')]) {
        expect(resolveOptions({ jwt: { secret } }).jwt.secret).toBe(secret);
      }
    }
  });

  it('does not judge public keys (RS/ES/PS)', () => {
    expect(() => resolveOptions({ jwt: { publicKey: 'pem', algorithms: ['RS256'] } })).not.toThrow();
  });
});
