import type { Socket } from 'socket.io';
import type { NotificationEnvelope } from '../notifications.events.js';
import { ReplayGates } from './replay-gates.js';

const envelope = (position: number): NotificationEnvelope => ({ id: `n${position}`, type: 't', data: null, createdAt: '', cursor: `e.${position}` });
const packet = (position: number) => ({ type: 2, data: ['notify', envelope(position)] });

function fakeSocket(id: string): Socket & { sent: number[] } {
  const sent: number[] = [];
  return { id, sent, emit: (_event: string, e: NotificationEnvelope) => sent.push(Number(e.cursor!.split('.')[1])) } as never;
}

describe('ReplayGates: the seam between a replay and live pushes', () => {
  it('holds live pushes during the replay, then sends those after it, in order, once', () => {
    const gates = new ReplayGates();
    const socket = fakeSocket('s1');
    gates.hold('s1');
    // The replay will send 1..5; live pushes 4..8 arrive meanwhile (4 and 5 committed before the replay's last read).
    const live = [4, 5, 6, 7, 8].map((p) => gates.allows(socket, packet(p)));
    expect(live).toEqual([false, false, false, false, false]);
    expect(gates.release(socket, 5)).toBe(true);
    expect(socket.sent).toEqual([6, 7, 8]);
    // A push the replay or the release already sent, arriving late (another instance): dropped; new ones pass.
    expect(gates.allows(socket, packet(7))).toBe(false);
    expect(gates.allows(socket, packet(9))).toBe(true);
  });

  it('sends held pushes in position order, and lets through a lower one that arrives after the release', () => {
    const gates = new ReplayGates();
    const socket = fakeSocket('s1');
    gates.hold('s1');
    // Another instance relays 10 after this one pushed 11 and 12; 13 is held too.
    for (const p of [11, 13, 10, 12]) gates.allows(socket, packet(p));
    expect(gates.release(socket, 9)).toBe(true);
    expect(socket.sent).toEqual([10, 11, 12, 13]);
    gates.hold('s2');
    const late = fakeSocket('s2');
    for (const p of [12, 13]) gates.allows(late, packet(p));
    expect(gates.release(late, 10)).toBe(true);
    // 11 was committed before 12 but is relayed after the release: it must not count as sent.
    expect(gates.allows(late, packet(11))).toBe(true);
    expect(gates.allows(late, packet(12))).toBe(false);
  });

  it('lets other sockets and other events through untouched', () => {
    const gates = new ReplayGates();
    gates.hold('s1');
    expect(gates.allows(fakeSocket('s2'), packet(1))).toBe(true);
    expect(gates.allows(fakeSocket('s1'), { type: 2, data: ['inbox:unread', { count: 1 }] })).toBe(true);
    expect(gates.allows(fakeSocket('s1'), undefined)).toBe(true);
  });

  it('gives up when too much is held: the socket must start over', () => {
    const gates = new ReplayGates();
    const socket = fakeSocket('s1');
    gates.hold('s1');
    for (let p = 1; p <= 10_001; p++) gates.allows(socket, packet(p));
    expect(gates.release(socket, 0)).toBe(false);
    expect(socket.sent).toEqual([]);
    expect(gates.active).toBe(false);
  });
});
