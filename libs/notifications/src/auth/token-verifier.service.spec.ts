import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { resolveOptions } from '../core/resolve-options.js';
import type { NotificationsModuleOptions } from '../notifications-options.interface.js';
import type { NotificationsAuthError } from '../notifications.errors.js';
import { TokenVerifier } from './token-verifier.service.js';

const SECRET = 'a-test-secret-that-is-long-enough-123';
const verifier = (options: Partial<NotificationsModuleOptions> = {}) =>
  new TokenVerifier(resolveOptions({ jwt: { secret: SECRET }, ...options }));
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('TokenVerifier', () => {
  it('turns a valid token into a user with id, roles and exp', () => {
    const token = jwt.sign({ sub: 'alice', roles: ['user', 'admin'] }, SECRET, { expiresIn: 60 });
    const user = verifier().verify(token);
    expect(user).toEqual({ id: 'alice', roles: ['user', 'admin'], exp: expect.any(Number) });
  });

  it('reads sub, else user_id, else userId, and numeric ids as strings', () => {
    const v = verifier();
    expect(v.verify(jwt.sign({ user_id: 'u1' }, SECRET)).id).toBe('u1');
    expect(v.verify(jwt.sign({ userId: 7 }, SECRET)).id).toBe('7');
    expect(v.verify(jwt.sign({ sub: 's', user_id: 'u' }, SECRET)).id).toBe('s');
    expect(v.verify(jwt.sign({ sub: 's' }, SECRET)).roles).toEqual([]);
  });

  it('honours configured claim names', () => {
    const v = verifier({ claims: { userId: ['uid'], roles: 'groups' } });
    expect(v.verify(jwt.sign({ uid: 'x', groups: ['ops'] }, SECRET))).toMatchObject({ id: 'x', roles: ['ops'] });
  });

  it.each([
    ['missing', undefined, 'TOKEN_MISSING'],
    ['garbage', 'abc.def.ghi', 'TOKEN_INVALID'],
    ['wrong secret', jwt.sign({ sub: 'a' }, 'another-secret-another-secret-12345'), 'TOKEN_INVALID'],
    ['expired', jwt.sign({ sub: 'a', exp: Math.floor(Date.now() / 1000) - 10 }, SECRET), 'TOKEN_EXPIRED'],
    ['HS512 when HS256 is pinned', jwt.sign({ sub: 'a' }, SECRET, { algorithm: 'HS512' }), 'TOKEN_INVALID'],
    ['alg none', jwt.sign({ sub: 'a' }, '', { algorithm: 'none' }), 'TOKEN_INVALID'],
    ['no user id', jwt.sign({ roles: [] }, SECRET), 'TOKEN_INVALID'],
    ['roles not an array', jwt.sign({ sub: 'a', roles: 'admin' }, SECRET), 'TOKEN_INVALID'],
  ])('refuses %s with %s', (_label, token, code) => {
    expect(codeOf(() => verifier().verify(token as string | undefined))).toBe(code);
  });

  it('refuses a token over 8 KiB unverified, with TOKEN_INVALID saying so, and takes one just under', () => {
    const padded = (bytes: number) => {
      const base = jwt.sign({ sub: 'big', pad: '' }, SECRET);
      return jwt.sign({ sub: 'big', pad: 'x'.repeat(Math.floor(((bytes - base.length) * 3) / 4)) }, SECRET);
    };
    const under = padded(8100);
    expect(under.length).toBeLessThanOrEqual(8192);
    expect(verifier().verify(under).id).toBe('big');
    const over = padded(8300);
    expect(over.length).toBeGreaterThan(8192);
    let error: NotificationsAuthError | undefined;
    try {
      verifier().verify(over);
    } catch (e) {
      error = e as NotificationsAuthError;
    }
    expect(error).toMatchObject({ code: 'TOKEN_INVALID', message: 'Token is not valid: larger than 8192 bytes' });
  });

  it('checks issuer and audience when configured', () => {
    const v = verifier({ jwt: { secret: SECRET, issuer: 'iss', audience: 'aud' } });
    expect(v.verify(jwt.sign({ sub: 'a' }, SECRET, { issuer: 'iss', audience: 'aud' })).id).toBe('a');
    expect(codeOf(() => v.verify(jwt.sign({ sub: 'a' }, SECRET, { issuer: 'other', audience: 'aud' })))).toBe('TOKEN_INVALID');
    expect(codeOf(() => v.verify(jwt.sign({ sub: 'a' }, SECRET, { issuer: 'iss' })))).toBe('TOKEN_INVALID');
  });

  it('verifies RS256 tokens with a public key and refuses HS256 tokens signed with that key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const v = new TokenVerifier(resolveOptions({ jwt: { publicKey: pem, algorithms: ['RS256'] } }));
    expect(v.verify(jwt.sign({ sub: 'rsa' }, privateKey, { algorithm: 'RS256' })).id).toBe('rsa');
    // The classic key-confusion attack: the public key used as an HMAC secret.
    const forged = jwt.sign({ sub: 'x' }, 'irrelevant', { algorithm: 'HS256' });
    expect(codeOf(() => v.verify(forged))).toBe('TOKEN_INVALID');
  });
});
