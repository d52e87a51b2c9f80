import type { Namespace, Server } from 'socket.io';
import { refusal } from '../auth/handshake-refusal.js';
import { MESSAGES } from '../notifications.constants.js';

/**
 * Socket.IO's root namespace `/` always exists and, with no middleware, accepts
 * any socket without a token and keeps it: 2,000 held, and each could park
 * binary attachments. It is refused here unless a gateway of the host is bound
 * to it. Nest hands every gateway's server to `bindClientConnect`: the root
 * Server for a gateway without a namespace, a Namespace otherwise, which is how
 * the adapter tells them apart (IoAdapter.create is called without a namespace
 * for the first gateway of a port whatever its namespace, so it cannot).
 */
export class RootNamespaceGuard {
  private readonly bound = new WeakSet<Server>();

  /** Called with the server (root) or namespace a gateway is bound to. */
  noteGateway(target: Server | Namespace): void {
    if (isRootServer(target)) this.bound.add(target);
  }

  attach(server: Server): void {
    server.of('/').use((_socket, next) => {
      if (this.bound.has(server)) return next();
      next(refusal('INVALID_NAMESPACE', MESSAGES.rootNamespaceRefused, MESSAGES.invalidNamespace));
    });
  }
}

function isRootServer(target: Server | Namespace): target is Server {
  return typeof (target as Server).of === 'function';
}
