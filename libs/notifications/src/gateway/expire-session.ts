import type { Socket } from 'socket.io';
import { MESSAGES, TOKEN_EXPIRED_EVENT } from '../notifications.constants.js';
import type { AuthenticatedUser } from '../notifications.events.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A token is checked at the handshake, but a socket can outlive it. At `exp` the
 * socket is told why and disconnected; the client signs in again and reconnects.
 */
export function expireSessionAt(socket: Socket, user: AuthenticatedUser): void {
  if (user.exp === undefined) return;
  const delay = user.exp * 1000 - Date.now();
  if (delay > MAX_TIMER_MS) return; // tokens living beyond ~24 days are not tracked
  const timer = setTimeout(() => {
    socket.emit(TOKEN_EXPIRED_EVENT, { code: 'TOKEN_EXPIRED', message: MESSAGES.tokenExpired });
    socket.disconnect(true);
  }, Math.max(0, delay));
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}
