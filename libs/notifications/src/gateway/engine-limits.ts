import type { ServerOptions } from 'socket.io';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { textOnlyParser } from './text-only-parser.js';

/**
 * What a connection may hold before it authenticates and after: the frame and
 * polling-body cap, how long an Engine.IO connection may stay without joining a
 * namespace (Socket.IO's connectTimeout: a refused handshake's connection is
 * closed then), and no binary attachments at all, unless a gateway of the host
 * brings a parser of its own (msgpack, say): that protocol is binary by design.
 */
export function engineLimitOptions(
  limits: ResolvedNotificationsOptions['limits'],
  hostParser?: ServerOptions['parser'],
): Partial<ServerOptions> {
  return {
    maxHttpBufferSize: limits.maxPayloadBytes,
    connectTimeout: limits.connectTimeoutMs,
    parser: hostParser ?? (textOnlyParser as ServerOptions['parser']),
  };
}
