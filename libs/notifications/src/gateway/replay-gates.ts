import type { Socket } from 'socket.io';
import { LIMITS, NOTIFY_EVENT } from '../notifications.constants.js';
import { parseCursor } from '../inbox/cursor.js';
import type { NotificationEnvelope } from '../notifications.events.js';
import type { BroadcastPacket } from './delivery-filter.js';

interface Gate {
  /** Live pushes that arrived while the replay ran, in arrival order. */
  held: NotificationEnvelope[] | null;
  /** After the replay: live pushes at or below this position were sent by the replay. */
  floor: number;
  /** After the replay: the held pushes above the floor it sent. */
  sentHeld: Set<number>;
  overflowed: boolean;
}

const positionOf = (envelope: NotificationEnvelope): number => parseCursor(envelope.cursor)?.position ?? Infinity;

function notifyEnvelope(packet: BroadcastPacket | undefined): NotificationEnvelope | undefined {
  const data = packet?.data;
  return Array.isArray(data) && data[0] === NOTIFY_EVENT ? (data[1] as NotificationEnvelope) : undefined;
}

/**
 * The seam between a socket's replay and its live pushes. While a resuming socket
 * reads what it missed, live pushes for it are held; when the replay ends they are
 * sent in position order, skipping what the replay already sent, and for a while after
 * that live pushes it already has are dropped. None twice, none missing.
 */
export class ReplayGates {
  private readonly gates = new Map<string, Gate>();

  get active(): boolean {
    return this.gates.size > 0;
  }

  /** From the handshake on, live pushes for this socket are held. */
  hold(socketId: string): void {
    this.gates.set(socketId, { held: [], floor: 0, sentHeld: new Set(), overflowed: false });
  }

  /** False when the push must not be written to the socket now (held or already sent). */
  allows(socket: Socket, packet: BroadcastPacket | undefined): boolean {
    const gate = this.gates.get(socket.id);
    const envelope = gate && notifyEnvelope(packet);
    if (!gate || !envelope) return true;
    if (gate.held) {
      if (gate.held.length < LIMITS.replayHoldMax) gate.held.push(envelope);
      else gate.overflowed = true;
      return false;
    }
    const position = positionOf(envelope);
    return position > gate.floor && !gate.sentHeld.has(position);
  }

  /**
   * The replay sent everything up to `sent`: send what was held after it, then let live
   * pushes through (dropping those at or below the new floor for a while).
   * @returns false when too much was held to keep it all (the socket must start over)
   */
  release(socket: Socket, sent: number): boolean {
    const gate = this.gates.get(socket.id);
    if (!gate?.held) return true;
    if (gate.overflowed) return (this.gates.delete(socket.id), false);
    // Pushes relayed by other instances arrive out of position order: send the held ones in
    // order, and drop later only what was really sent (a lower position may still come).
    const held = gate.held.map((envelope) => [positionOf(envelope), envelope] as const).sort((a, b) => a[0] - b[0]);
    for (const [position, envelope] of held) {
      if (position <= sent || gate.sentHeld.has(position)) continue;
      socket.emit(NOTIFY_EVENT, envelope);
      gate.sentHeld.add(position);
    }
    gate.held = null;
    gate.floor = sent;
    // Pushes already in flight from another instance can still arrive for a moment.
    setTimeout(() => this.gates.delete(socket.id), LIMITS.replayFloorMs).unref();
    return true;
  }

  /** Drops the gate without sending what was held (the socket went away or starts over). */
  drop(socketId: string): void {
    this.gates.delete(socketId);
  }
}
