import type { NotificationEnvelope } from '../notifications.events.js';

/** The outbound port the service pushes through; the Socket.IO adapter implements it. */
export interface NotificationsTransport {
  toRooms(rooms: string[], envelope: NotificationEnvelope): void;
  broadcast(envelope: NotificationEnvelope): void;
  stats(): { sockets: number; rooms: number };
}
