import type { Socket } from 'socket.io';
import { LIMITS } from '../notifications.constants.js';

/** The parts of an Engine.IO connection read here (writeBuffer is private in its typings). */
interface Connection {
  writeBuffer: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

interface Tally {
  buffer: unknown[];
  counted: number;
  bytes: number;
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;

/**
 * Caps what may queue up for one socket. A client that stops reading (but keeps its
 * TCP connection and answers pings) otherwise makes Engine.IO buffer everything sent
 * to it, without limit. Checked as each packet is about to be queued; healthy
 * sockets have an empty buffer and cost one comparison.
 */
export class SlowConsumerGuard {
  // The running sum per connection, so a long buffer is not summed again on every packet.
  private readonly tallies = new WeakMap<Connection, Tally>();

  constructor(
    private readonly maxBytes: number,
    private readonly onCut: (socket: Socket, bytes: number) => void,
  ) {}

  /** False (and the socket cut loose) when it already holds more than the cap. */
  allows(socket: Socket): boolean {
    const conn = socket.conn as unknown as Connection;
    if (conn.writeBuffer.length < LIMITS.slowCheckMinPackets) return true;
    const bytes = this.queued(conn);
    if (bytes <= this.maxBytes) return true;
    this.cut(socket, conn, bytes);
    return false;
  }

  /** True when the socket holds as much as the cap allows (for writes that do not pass the adapter). */
  full(socket: Socket): boolean {
    return this.queued(socket.conn as unknown as Connection) >= this.maxBytes;
  }

  /** Bytes queued by Engine.IO for this connection plus what its WebSocket holds unsent. */
  queued(conn: Connection): number {
    const buffer = conn.writeBuffer;
    let tally = this.tallies.get(conn);
    // Engine.IO replaces the array when it flushes: start over then.
    if (!tally || tally.buffer !== buffer || tally.counted > buffer.length) {
      tally = { buffer, counted: 0, bytes: 0 };
      this.tallies.set(conn, tally);
    }
    for (; tally.counted < buffer.length; tally.counted++) tally.bytes += sizeOf(buffer[tally.counted].data);
    return tally.bytes + (conn.transport?.socket?.bufferedAmount ?? 0);
  }

  private cut(socket: Socket, conn: Connection, bytes: number): void {
    const ws = conn.transport?.socket;
    this.onCut(socket, bytes);
    // close(true) discards the buffer at once; terminate() frees what the WebSocket holds
    // instead of waiting for a closing handshake the client will never read.
    conn.close(true);
    ws?.terminate?.();
  }
}
