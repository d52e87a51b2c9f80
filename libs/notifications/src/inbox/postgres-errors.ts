import { StoreUnavailableError } from '../notifications.errors.js';

// Socket errors, then PostgreSQL's admin/crash shutdown and "cannot connect now"
// (class 08, connection exception, is matched by prefix).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
// What node-postgres says when the socket dies or a connect times out; these errors carry no code.
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** True when the error says the database could not be reached, not that a statement was wrong. */
export function isConnectionError(error: unknown): boolean {
  // Duck-typed: errors raised by Node's sockets may come from another realm (vm contexts),
  // where `instanceof Error` is false.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as ErrorLike;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  // Node reports a refused connect to every address of a host name as one AggregateError.
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** Connection failures become StoreUnavailableError; every other error is returned unchanged. */
export function storeError(error: unknown): unknown {
  if (!isConnectionError(error)) return error;
  const { code, message } = error as ErrorLike;
  return new StoreUnavailableError(`PostgreSQL is unavailable: ${String(message || code)}`, { cause: error });
}
