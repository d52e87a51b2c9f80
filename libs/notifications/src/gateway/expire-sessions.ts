import type { Namespace, Socket } from 'socket.io';
import { isExpired } from '../auth/socket-auth.guard.js';
import { MESSAGES, TOKEN_EXPIRED_EVENT } from '../notifications.constants.js';
import type { AuthenticatedUser } from '../notifications.events.js';

const SWEEP_EVERY_MS = 1000;

/**
 * A token is checked at the handshake, but a socket can outlive it. Once a second
 * the sockets whose token has expired are told why (`token_expired`), and on the
 * next sweep disconnected; the client signs in again and reconnects. One sweep instead of a timer per socket: a timer
 * and its listener cost ~0.5 KiB of heap on every idle socket (bench W1).
 * @returns a function that stops the sweep
 */
export function expireSessions(namespace: Namespace, everyMs = SWEEP_EVERY_MS): () => void {
  const told = new WeakSet<Socket>();
  const timer = setInterval(() => {
    const now = Date.now();
    for (const socket of namespace.sockets.values()) {
      const user = socket.data.user as AuthenticatedUser | undefined;
      if (!user || !isExpired(user, now)) continue;
      if (told.has(socket)) {
        socket.disconnect(true);
        continue;
      }
      // Disconnect on the next sweep, not now: the client gets a second to read the reason
      // before the connection goes (an immediate disconnect can overtake the emit).
      socket.emit(TOKEN_EXPIRED_EVENT, { code: 'TOKEN_EXPIRED', message: MESSAGES.tokenExpired });
      told.add(socket);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
