import type { ServerOptions } from 'socket.io';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { textOnlyParser } from './text-only-parser.js';

/**
 * What a connection may hold before it authenticates and after: the frame and
 * polling-body cap, how long an Engine.IO connection may stay without joining a
 * namespace (Socket.IO's connectTimeout: a refused handshake's connection is
 * closed then), and no binary attachments at all.
 */
export function engineLimitOptions(limits: ResolvedNotificationsOptions['limits']): Partial<ServerOptions> {
  return {
    maxHttpBufferSize: limits.maxPayloadBytes,
    connectTimeout: limits.connectTimeoutMs,
    parser: textOnlyParser as ServerOptions['parser'],
  };
}
