import type { Namespace, Socket } from 'socket.io';

/** A Socket.IO packet as the adapter broadcasts it: for events, `data` is `[name, ...args]`. */
export interface BroadcastPacket {
  type: number;
  data?: unknown[];
}

type Apply = (opts: unknown, callback: (socket: Socket) => void) => void;
type Encode = (packet: BroadcastPacket, opts: unknown) => unknown;

/**
 * Lets the gateway decide, per socket, whether a room broadcast is written to it.
 * Every broadcast, local or received from another instance through a cluster
 * adapter, runs the adapter's `_encode(packet)` and then, synchronously,
 * `apply(opts, callback)`, which calls `callback` with each target socket. Both are
 * wrapped on this namespace's adapter instance (the adapter class, in-memory or
 * Redis, is untouched). Other uses of apply() (fetchSockets, disconnectSockets...)
 * are not filtered. Pinned by delivery-filter.spec.
 */
export function installDeliveryFilter(namespace: Namespace, allows: (socket: Socket, packet: BroadcastPacket) => boolean): void {
  const adapter = namespace.adapter as unknown as { apply: Apply; _encode: Encode };
  const apply = adapter.apply.bind(adapter);
  const encode = adapter._encode.bind(adapter);
  let current: BroadcastPacket | undefined;
  adapter._encode = (packet, opts) => {
    current = packet;
    return encode(packet, opts);
  };
  adapter.apply = (opts, callback) => {
    const packet = current;
    current = undefined;
    // Only broadcasts are filtered; fetchSockets, disconnectSockets and the like see every socket.
    apply(opts, packet ? (socket) => allows(socket, packet) && callback(socket) : callback);
  };
}
