import type { Socket } from 'socket.io';
import { NotificationsAuthError } from '../notifications.errors.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import { activeUser, isExpired } from './socket-auth.guard.js';

const socketOf = (user?: AuthenticatedUser): Socket => ({ data: { user } }) as unknown as Socket;

describe('activeUser: the check of every client event', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('gives the user of an authenticated socket with a live token', () => {
    const user = { id: 'u', roles: [], exp: nowSeconds() + 60 };
    expect(activeUser(socketOf(user))).toBe(user);
    expect(activeUser(socketOf({ id: 'u', roles: [] }))).toEqual({ id: 'u', roles: [] });
  });

  it('refuses a socket whose token expired since the handshake', () => {
    const run = () => activeUser(socketOf({ id: 'u', roles: [], exp: nowSeconds() - 1 }));
    expect(run).toThrow(NotificationsAuthError);
    expect(run).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });

  it('refuses a socket that never authenticated', () => {
    expect(() => activeUser(socketOf(undefined))).toThrow(expect.objectContaining({ code: 'TOKEN_MISSING' }));
  });

  it('isExpired compares exp (seconds) with now (ms)', () => {
    expect(isExpired({ id: 'u', roles: [], exp: 100 }, 100_000)).toBe(true);
    expect(isExpired({ id: 'u', roles: [], exp: 101 }, 100_000)).toBe(false);
    expect(isExpired({ id: 'u', roles: [] }, 100_000)).toBe(false);
  });
});
