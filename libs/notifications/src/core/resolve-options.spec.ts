import { NotificationsConfigError } from '../notifications.errors.js';
import { resolveOptions } from './resolve-options.js';

describe('resolveOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveOptions({ jwt: { secret: 's' } })).toEqual({
      jwt: { secret: 's', algorithms: ['HS256'] },
      claims: { userId: ['sub', 'user_id', 'userId'], roles: 'roles' },
      adminRole: 'admin',
      corsOrigins: [],
      rabbitmq: { urls: ['amqp://guest:guest@127.0.0.1:5672'], queue: 'notifications', prefetchCount: 100, reconnectSeconds: 5 },
      recoverySeconds: 0,
    });
    expect(resolveOptions({ jwt: { secret: 's' }, redis: { url: 'redis://r' } }).redis).toEqual({
      url: 'redis://r',
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
