import type { ExecutionContext } from '@nestjs/common';
import { NotificationsAuthError } from '../notifications.errors.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import { SocketAuthGuard, isExpired } from './socket-auth.guard.js';
import type { TokenVerifier } from './token-verifier.service.js';
import { resolveOptions } from '../core/resolve-options.js';

const contextFor = (user?: AuthenticatedUser): ExecutionContext =>
  ({ switchToWs: () => ({ getClient: () => ({ data: { user } }) }) }) as unknown as ExecutionContext;

describe('SocketAuthGuard on message handlers', () => {
  const guard = new SocketAuthGuard({} as TokenVerifier, resolveOptions({ jwt: { secret: 'guard-spec-secret-2b7f91c04e6a3d58' } }));
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('lets an authenticated socket with a live token through', () => {
    expect(guard.canActivate(contextFor({ id: 'u', roles: [], exp: nowSeconds() + 60 }))).toBe(true);
    expect(guard.canActivate(contextFor({ id: 'u', roles: [] }))).toBe(true);
  });

  it('refuses a socket whose token expired since the handshake', () => {
    const run = () => guard.canActivate(contextFor({ id: 'u', roles: [], exp: nowSeconds() - 1 }));
    expect(run).toThrow(NotificationsAuthError);
    expect(run).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });

  it('refuses a socket that never authenticated', () => {
    expect(() => guard.canActivate(contextFor(undefined))).toThrow(expect.objectContaining({ code: 'TOKEN_MISSING' }));
  });

  it('isExpired compares exp (seconds) with now (ms)', () => {
    expect(isExpired({ id: 'u', roles: [], exp: 100 }, 100_000)).toBe(true);
    expect(isExpired({ id: 'u', roles: [], exp: 101 }, 100_000)).toBe(false);
    expect(isExpired({ id: 'u', roles: [] }, 100_000)).toBe(false);
  });
});
