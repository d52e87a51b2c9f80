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

/**
 * Finds the token: handshake `auth.token` first (browsers), then `?token=`
 * (Python and mobile clients), then `Authorization: Bearer`.
 */
export function extractToken(source: TokenSource): string | undefined {
  return (
    nonEmpty(source.auth?.token) ??
    nonEmpty(source.query?.token) ??
    fromBearer(source.headers?.authorization)
  );
}

/** Replaces the value of any `token` query parameter, so URLs can be logged. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[REDACTED]');
}
