import { locateToken, type TokenSource } from './extract-token.js';

/** What a log may say about a handshake; nothing in it comes from the URL or the token. */
export interface HandshakeFacts extends TokenSource {
  /** The TCP peer (not a forwarded-for header, which the client writes). */
  address: string;
  /** The transport the server runs for this connection. */
  transport: string;
}

const TRANSPORTS = new Set(['polling', 'websocket', 'webtransport']);

/**
 * "from 10.0.0.7 over websocket, token in query". The raw URL is never logged:
 * a token can sit in it under any percent-encoding of `token` (`?tok%65n=`), in a
 * parameter name or in the path, and no pattern over the raw text catches them all.
 */
export function handshakeSummary(facts: HandshakeFacts): string {
  const transport = TRANSPORTS.has(facts.transport) ? facts.transport : 'an unknown transport';
  const { place } = locateToken(facts);
  return `from ${facts.address} over ${transport}, ${place === 'none' ? 'no token' : `token in ${place}`}`;
}
