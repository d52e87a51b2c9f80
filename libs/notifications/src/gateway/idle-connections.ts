import type { Server as NetServer, Socket } from 'node:net';

const guarded = new WeakSet<NetServer>();

/**
 * Closes TCP connections that have sent nothing at all within `ms`. Node's
 * headersTimeout only runs once a request has begun, so a socket that never
 * sends a byte stays open for good (5,000 of them: none closed after 126 s).
 * One that has sent something is left to Node: a request in progress to
 * headersTimeout, keep-alive to keepAliveTimeout, and an established WebSocket
 * to Engine.IO's heartbeat. On HTTPS the first bytes are the TLS ClientHello.
 */
export function closeIdleConnections(server: NetServer | undefined, ms: number): void {
  if (!server || ms <= 0 || guarded.has(server)) return;
  guarded.add(server);
  server.on('connection', (socket: Socket) => {
    const onClose = () => clearTimeout(timer);
    const timer = setTimeout(() => {
      socket.off('close', onClose); // nothing of this stays on a connection that lives on
      if (socket.bytesRead === 0) socket.destroy();
    }, ms);
    timer.unref();
    socket.once('close', onClose);
  });
}
