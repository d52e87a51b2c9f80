import type { Namespace, Socket } from 'socket.io';
import { MESSAGES, SERVER_SHUTDOWN_EVENT } from '../notifications.constants.js';

type Connection = Socket['conn'];

function closed(conn: Connection): Promise<void> {
  return new Promise((resolve) => (conn.readyState === 'closed' ? resolve() : conn.once('close', () => resolve())));
}

/**
 * Ends every session of this instance for a shutdown: each socket is told
 * (`server_shutdown`), then its connection is closed once what is queued for it
 * has been written. No namespace DISCONNECT packet is sent, so Socket.IO clients
 * see "transport close" and reconnect by themselves, to another instance.
 * Connections still open after `ms` (a client that does not read) are cut.
 */
export async function closeSessions(namespace: Namespace, ms: number): Promise<void> {
  const connections = new Set<Connection>();
  for (const socket of namespace.sockets.values()) {
    socket.emit(SERVER_SHUTDOWN_EVENT, { code: 'SERVER_SHUTDOWN', message: MESSAGES.serverShutdown });
    connections.add(socket.conn);
  }
  // Engine.IO's close() waits until the write buffer has drained, then closes the transport.
  for (const conn of connections) conn.close();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.all([...connections].map(closed)), timeout]);
  clearTimeout(timer);
  for (const conn of connections) if (conn.readyState !== 'closed') conn.close(true);
}
