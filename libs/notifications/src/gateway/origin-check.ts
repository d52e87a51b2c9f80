import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { MESSAGES } from '../notifications.constants.js';

type AllowRequest = NonNullable<ServerOptions['allowRequest']>;

/**
 * Engine.IO's `allowRequest` for a list of origins: CORS only stops a browser from
 * reading polling responses, and a WebSocket upgrade is not subject to CORS at all,
 * so the handshake of both transports is checked here. Exact matches only; "null"
 * (sandboxed frames, file: pages) never matches. Pages served by this same host
 * (Origin host = Host header, as for the demo's own pages) are not cross-origin and
 * pass. A request without an Origin header is not a browser's (Python, mobile apps,
 * servers) and passes: the token guards it. A host's own `allowRequest` runs after.
 */
export function originCheck(allowed: string[], hostCheck?: AllowRequest): AllowRequest | undefined {
  if (!allowed.length) return hostCheck;
  const origins = new Set(allowed.filter((origin) => origin !== 'null'));
  return (req: IncomingMessage, callback) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin) && !sameHost(origin, req.headers.host)) {
      return callback(MESSAGES.originRefused, false);
    }
    if (hostCheck) return hostCheck(req, callback);
    callback(null, true);
  };
}

/** A browser cannot forge Host for another site, so an Origin naming this Host is the page's own server. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host || !/^https?:\/\/[^/]+$/.test(origin)) return false;
  return origin.slice(origin.indexOf('//') + 2).toLowerCase() === host.toLowerCase();
}
