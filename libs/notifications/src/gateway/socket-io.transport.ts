import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { NotificationsTransport } from '../core/notifications-transport.interface.js';
import { INBOX_UNREAD_EVENT, NOTIFY_EVENT, userRoom } from '../notifications.constants.js';
import type { NotificationEnvelope } from '../notifications.events.js';
import { closeSessions } from './close-sessions.js';

/** Outbound adapter: the service pushes through it, the gateway plugs the namespace in. */
@Injectable()
export class SocketIoTransport implements NotificationsTransport {
  private namespace?: Namespace;
  /** False once a shutdown began: new handshakes are refused. */
  accepting = true;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  toRooms(rooms: string[], envelope: NotificationEnvelope): void {
    // One emit to all rooms: Socket.IO encodes once and sends once per socket,
    // even when a socket sits in several of the rooms.
    this.server().to(rooms).emit(NOTIFY_EVENT, envelope);
  }

  broadcast(envelope: NotificationEnvelope): void {
    this.server().emit(NOTIFY_EVENT, envelope);
  }

  unreadChanged(userId: string, count: number): void {
    this.server().to(userRoom(userId)).emit(INBOX_UNREAD_EVENT, { count });
  }

  /** Refuses new sockets, tells the connected ones to go elsewhere, and closes them. */
  async shutdown(ms: number): Promise<void> {
    this.accepting = false;
    if (this.namespace) await closeSessions(this.namespace, ms);
  }

  stats(): { sockets: number; rooms: number } {
    const namespace = this.namespace;
    return namespace ? { sockets: namespace.sockets.size, rooms: namespace.adapter.rooms.size } : { sockets: 0, rooms: 0 };
  }

  private server(): Namespace {
    if (!this.namespace) throw new Error('Notifications gateway is not initialised yet');
    return this.namespace;
  }
}
