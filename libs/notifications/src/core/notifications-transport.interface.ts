import type { NotificationEnvelope } from '../notifications.events.js';

/** The outbound port the service pushes through; the Socket.IO adapter implements it. */
export interface NotificationsTransport {
  toRooms(rooms: string[], envelope: NotificationEnvelope): void;
  broadcast(envelope: NotificationEnvelope): void;
  /** Every socket of the user learns its new unread count (all instances). */
  unreadChanged(userId: string, count: number): void;
  stats(): { sockets: number; rooms: number };
}
