import type { Namespace, Socket } from 'socket.io';

type Apply = (opts: unknown, callback: (socket: Socket) => void) => void;

/**
 * Lets the gateway decide, per socket, whether a room broadcast is written to it.
 * Every broadcast, local or received from another instance through a cluster
 * adapter, ends in the adapter's `apply(opts, callback)`, which calls `callback`
 * with each target socket; wrapping it on this namespace's adapter instance leaves
 * the adapter class (in-memory, Redis, ...) untouched. Pinned by delivery-filter.spec.
 */
export function installDeliveryFilter(namespace: Namespace, allows: (socket: Socket) => boolean): void {
  const adapter = namespace.adapter as unknown as { apply: Apply };
  const apply = adapter.apply.bind(adapter);
  adapter.apply = (opts, callback) => apply(opts, (socket) => allows(socket) && callback(socket));
}
