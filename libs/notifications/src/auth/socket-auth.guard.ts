import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { MESSAGES, RESOLVED_OPTIONS, roleRoom, userRoom } from '../notifications.constants.js';
import { refusal } from './handshake-refusal.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { NotificationsAuthError } from '../notifications.errors.js';
import type { AuthenticatedUser, SocketData } from '../notifications.events.js';
import { extractToken } from './extract-token.js';
import { handshakeSummary } from './handshake-summary.js';
import { TokenVerifier } from './token-verifier.service.js';

type AuthedSocket = Socket<any, any, any, Partial<SocketData>>;
type HandshakeError = Error & { data?: { code: string; message: string } };

/**
 * The handshake check, as Socket.IO namespace middleware: before the connection is
 * accepted (Nest guards do not run there). Each client event is checked again with
 * `activeUser`: the token may have expired since.
 */
@Injectable()
export class SocketAuthGuard {
  private readonly logger = new Logger('NotificationsGateway');

  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions,
  ) {}

  /** Socket.IO namespace middleware: verify, then join the user's rooms, then accept. */
  readonly middleware = (socket: AuthedSocket, next: (err?: HandshakeError) => void): void => {
    try {
      const user = this.verifier.verify(extractToken(socket.handshake));
      // Per instance: the newest connection beyond the cap is refused, the user's open tabs keep working.
      const max = this.options.limits.connectionsPerUser;
      if ((socket.nsp.adapter.rooms.get(userRoom(user.id))?.size ?? 0) >= max) {
        return next(refusal('TOO_MANY_CONNECTIONS', MESSAGES.tooManyConnections(max), 'Refused'));
      }
      socket.data.user = user;
      // Joined before the connection is accepted, so no push can slip between connect and join.
      socket.join([userRoom(user.id), ...user.roles.map(roleRoom)]);
      next();
    } catch (error) {
      next(this.rejection(socket, error));
    }
  };

  private rejection(socket: AuthedSocket, error: unknown): HandshakeError {
    if (!(error instanceof NotificationsAuthError)) {
      this.logger.error(error);
      return Object.assign(new Error('Internal error'), { data: { code: 'INTERNAL', message: 'Internal error' } });
    }
    const facts = { ...socket.handshake, transport: socket.conn.transport.name };
    this.logger.warn(`Rejected handshake ${error.code} ${handshakeSummary(facts)}`);
    const rejection: HandshakeError = new Error(MESSAGES.unauthorized);
    rejection.data = { code: error.code, message: error.message };
    return rejection;
  }
}

export function isExpired(user: AuthenticatedUser, nowMs = Date.now()): boolean {
  return user.exp !== undefined && user.exp * 1000 <= nowMs;
}

/** The socket's user, for an event it sent; TOKEN_EXPIRED once its token has expired. */
export function activeUser(socket: AuthedSocket, nowMs = Date.now()): AuthenticatedUser {
  const user = socket.data.user;
  if (!user) throw new NotificationsAuthError('TOKEN_MISSING', MESSAGES.tokenMissing);
  if (isExpired(user, nowMs)) throw new NotificationsAuthError('TOKEN_EXPIRED', MESSAGES.tokenExpired);
  return user;
}
