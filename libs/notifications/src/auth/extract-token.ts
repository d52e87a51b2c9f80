/** The parts of a Socket.IO handshake or an HTTP request a token can come from. */
export interface TokenSource {
  auth?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, string | string[] | undefined>;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function fromBearer(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return BEARER.exec(value)?.[1];
}

function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? (fromBearer(trimmed) ?? trimmed) : undefined;
}

/** Where a handshake or request carried its token; said in logs instead of anything from the URL. */
export type TokenPlace = 'auth' | 'query' | 'header' | 'none';

/**
 * Finds the token: handshake `auth.token` first (browsers), then `?token=`
 * (Python and mobile clients), then `Authorization: Bearer`.
 */
export function locateToken(source: TokenSource): { token?: string; place: TokenPlace } {
  const fromAuth = nonEmpty(source.auth?.token);
  if (fromAuth) return { token: fromAuth, place: 'auth' };
  const fromQuery = nonEmpty(source.query?.token);
  if (fromQuery) return { token: fromQuery, place: 'query' };
  const fromHeader = fromBearer(source.headers?.authorization);
  return fromHeader ? { token: fromHeader, place: 'header' } : { place: 'none' };
}

export function extractToken(source: TokenSource): string | undefined {
  return locateToken(source).token;
}
