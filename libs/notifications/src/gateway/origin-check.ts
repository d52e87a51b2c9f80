import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { MESSAGES } from '../notifications.constants.js';

type AllowRequest = NonNullable<ServerOptions['allowRequest']>;

/**
 * Engine.IO's `allowRequest` for a list of origins: CORS only stops a browser from
 * reading polling responses, and a WebSocket upgrade is not subject to CORS at all,
 * so the handshake of both transports is checked here. Exact matches only; "null"
 * (sandboxed frames, file: pages) never matches. A request without an Origin header
 * is not a browser's (Python, mobile apps, servers) and passes: the token guards it.
 * A host's own `allowRequest` runs after this one.
 */
export function originCheck(allowed: string[], hostCheck?: AllowRequest): AllowRequest | undefined {
  if (!allowed.length) return hostCheck;
  const origins = new Set(allowed.filter((origin) => origin !== 'null'));
  return (req: IncomingMessage, callback) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) return callback(MESSAGES.originRefused, false);
    if (hostCheck) return hostCheck(req, callback);
    callback(null, true);
  };
}
