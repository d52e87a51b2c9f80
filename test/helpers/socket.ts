import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '#notifications';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ConnectError = Error & { data?: { code: string; message: string } };

export interface ConnectOptions {
  /** Where the token goes; `auth` by default. */
  via?: 'auth' | 'query' | 'header';
  transports?: ('websocket' | 'polling')[];
  /** Let socket.io-client reconnect by itself (off by default in tests). */
  reconnection?: boolean;
  /** The inbox cursor to resume from (handshake `auth.cursor`). */
  cursor?: string;
  /** The last `inbox:synced` cursor and how many arrived after it (`auth.since`, `auth.received`). */
  since?: string;
  received?: number;
  scope?: string;
  /** Extra handshake headers (e.g. Origin), as a browser page would send them. */
  headers?: Record<string, string>;
}

const opened = new Set<ClientSocket>();

function open(baseUrl: string, token: string | undefined, { via = 'auth', transports = ['websocket'], reconnection = false, cursor, since, received, scope, headers = {} }: ConnectOptions): ClientSocket {
  const query = via === 'query' && token ? `?token=${encodeURIComponent(token)}` : '';
  const socket: ClientSocket = io(`${baseUrl}/notifications${query}`, {
    transports,
    reconnection,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
    auth: { ...(via === 'auth' && token ? { token } : {}), ...(cursor ? { cursor } : {}), ...(since ? { since, received, scope } : {}) },
    extraHeaders: { ...headers, ...(via === 'header' && token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  opened.add(socket);
  return socket;
}

/**
 * Connects and resolves once the server accepted the handshake; rejects with the connect_error.
 * `onCreate` runs before the handshake, for listeners that must not miss what follows it at once.
 */
export function connectSocket(
  baseUrl: string,
  token?: string,
  options: ConnectOptions = {},
  ms = 5000,
  onCreate?: (socket: ClientSocket) => void,
): Promise<ClientSocket> {
  const socket = open(baseUrl, token, options);
  onCreate?.(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connect timed out after ${ms} ms`)), ms);
    socket.once('connect', () => (clearTimeout(timer), resolve(socket)));
    socket.once('connect_error', (err) => (clearTimeout(timer), reject(err)));
  });
}

/** Expects the handshake to be refused and resolves with the connect_error. */
export async function connectError(baseUrl: string, token?: string, options: ConnectOptions = {}): Promise<ConnectError> {
  try {
    const socket = await connectSocket(baseUrl, token, options);
    socket.disconnect();
  } catch (error) {
    return error as ConnectError;
  }
  throw new Error('the handshake was accepted, but it should have been refused');
}

/** Resolves with the event's first argument; rejects if it does not come within `ms`. */
export function waitForEvent<T = unknown>(socket: ClientSocket, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const onEvent = (payload: T) => (clearTimeout(timer), resolve(payload));
    const timer = setTimeout(() => {
      (socket as unknown as Socket).off(event, onEvent);
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    (socket as unknown as Socket).once(event, onEvent);
  });
}

/** Collects every `notify` a socket receives, in order. */
export function recordNotifications(socket: ClientSocket): { type: string; data: any; id: string }[] {
  const seen: { type: string; data: any; id: string }[] = [];
  socket.on('notify', (envelope) => seen.push(envelope as never));
  return seen;
}

/** Resolves when a `notify` of `type` matching `predicate` arrives. */
export function waitForNotify(socket: ClientSocket, type: string, ms = 3000, predicate: (data: any) => boolean = () => true): Promise<any> {
  return new Promise((resolve, reject) => {
    const listener = (envelope: any) => {
      if (envelope.type !== type || !predicate(envelope.data)) return;
      clearTimeout(timer);
      socket.off('notify', listener);
      resolve(envelope);
    };
    const timer = setTimeout(() => {
      socket.off('notify', listener);
      reject(new Error(`no notify of type "${type}" within ${ms} ms`));
    }, ms);
    socket.on('notify', listener);
  });
}

/** Resolves with the first `count` notifications of `type`; rejects if they do not all come within `ms`. */
export function collectNotify(socket: ClientSocket, type: string, count: number, ms = 5000): Promise<any[]> {
  const got: any[] = [];
  return new Promise((resolve, reject) => {
    const listener = (envelope: any) => {
      if (envelope.type !== type) return;
      got.push(envelope);
      if (got.length < count) return;
      clearTimeout(timer);
      socket.off('notify', listener);
      resolve(got);
    };
    const timer = setTimeout(() => {
      socket.off('notify', listener);
      reject(new Error(`${got.length} of ${count} notifications of type "${type}" within ${ms} ms`));
    }, ms);
    socket.on('notify', listener);
  });
}

export function closeAllSockets(): void {
  for (const socket of opened) socket.disconnect();
  opened.clear();
}

/**
 * Connects, listening from before the handshake for the first of each event in `events`
 * (the server may send them right after accepting the socket).
 */
export async function connectAwaiting<E extends string>(
  baseUrl: string,
  token: string,
  options: ConnectOptions,
  events: E[],
  ms = 3000,
): Promise<{ socket: ClientSocket; first: Record<E, Promise<any>> }> {
  const first = {} as Record<E, Promise<any>>;
  const socket = await connectSocket(baseUrl, token, options, 5000, (s) => {
    for (const event of events) first[event] = waitForEvent(s, event, ms);
  });
  for (const event of events) first[event].catch(() => undefined); // awaited by the caller, or not at all
  return { socket, first };
}
