import { type OnModuleDestroy, UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { SocketAuthGuard } from '../auth/socket-auth.guard.js';
import { NotificationsService } from '../core/notifications.service.js';
import { NOTIFICATIONS_NAMESPACE, NOTIFY_EVENT } from '../notifications.constants.js';
import type { ClientToServerEvents, NotifyAck, ServerToClientEvents, SocketData } from '../notifications.events.js';
import { expireSessions } from './expire-sessions.js';
import { NotifyAckFilter } from './notify-ack.filter.js';
import { SocketIoTransport } from './socket-io.transport.js';

type NotificationsSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The `/notifications` namespace: authenticates at the handshake, pushes `notify`. */
@WebSocketGateway({ namespace: NOTIFICATIONS_NAMESPACE })
@UseFilters(NotifyAckFilter)
export class NotificationsGateway implements OnGatewayInit<Namespace>, OnModuleDestroy {
  private stopExpiring?: () => void;

  constructor(
    private readonly auth: SocketAuthGuard,
    private readonly transport: SocketIoTransport,
    private readonly notifications: NotificationsService,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(this.auth.middleware);
    this.transport.attach(namespace);
    this.stopExpiring = expireSessions(namespace);
  }

  onModuleDestroy(): void {
    this.stopExpiring?.();
  }

  @UseGuards(SocketAuthGuard)
  @SubscribeMessage(NOTIFY_EVENT)
  notify(@ConnectedSocket() socket: NotificationsSocket, @MessageBody() body: unknown): NotifyAck {
    return { ok: true, id: this.notifications.sendAs(socket.data.user, body).id };
  }
}
