import { Inject, type OnModuleDestroy, type Type } from '@nestjs/common';
import { OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { SocketAuthGuard } from '../auth/socket-auth.guard.js';
import { MESSAGES, REDIS_LINK } from '../notifications.constants.js';
import type { RedisLink } from './redis-link.js';
import { refusal } from '../auth/handshake-refusal.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { ClientEvents } from './client-events.js';
import { DeliveryPolicy } from './delivery-policy.js';
import { InboxSessions } from './inbox-sessions.js';
import { expireSessions } from './expire-sessions.js';
import { SocketIoTransport } from './socket-io.transport.js';

/**
 * The notifications namespace: authenticates at the handshake, pushes `notify`, and
 * takes the client's events (ClientEvents), outside Nest's message-handler pipeline.
 */
export class NotificationsGateway implements OnGatewayInit<Namespace>, OnModuleDestroy {
  private stopExpiring?: () => void;

  constructor(
    private readonly auth: SocketAuthGuard,
    private readonly transport: SocketIoTransport,
    private readonly clientEvents: ClientEvents,
    private readonly delivery: DeliveryPolicy,
    private readonly metrics: NotificationsMetrics,
    private readonly sessions: InboxSessions,
    @Inject(REDIS_LINK) private readonly redis: RedisLink | null,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const settle = (error?: Error & { data?: { code?: string } }) => {
        this.metrics.handshake(error ? (error.data?.code ?? 'INTERNAL') : 'ok');
        if (!error) this.sessions.prepare(socket as never);
        next(error);
      };
      // During a shutdown new sockets are refused before anything else: the client retries elsewhere.
      if (!this.transport.accepting) return settle(refusal('SERVER_SHUTTING_DOWN', MESSAGES.shuttingDown));
      this.authenticate(namespace, socket, settle);
    });
    this.delivery.install(namespace);
    namespace.on('connection', (socket) => {
      this.clientEvents.attach(socket);
      void this.sessions.start(socket as never);
    });
    this.transport.attach(namespace);
    this.stopExpiring = expireSessions(namespace);
  }

  /**
   * Verifies and joins the rooms; when that made this instance subscribe to a room's
   * channel (sharded Redis), the socket is accepted only once Redis confirmed it, so no
   * push published right after the connect is missed.
   */
  private authenticate(namespace: Namespace, socket: Socket, settle: (error?: Error) => void): void {
    if (!this.redis?.sharded) return this.auth.middleware(socket, settle);
    let created = false;
    const onCreate = () => (created = true);
    namespace.adapter.on('create-room', onCreate);
    this.auth.middleware(socket, (error) => {
      namespace.adapter.off('create-room', onCreate);
      if (error || !created) return settle(error);
      // Unconfirmed (Redis unreachable, or slow to answer): accept anyway. node-redis holds
      // pushes and subscriptions until Redis is back; `subscribed` never takes longer than its bound.
      void this.redis!.subscribed().finally(() => settle());
    });
  }

  onModuleDestroy(): void {
    this.stopExpiring?.();
  }
}

/**
 * The gateway on the namespace the host chose. Nest reads the namespace from the
 * class's decorator, so each module registration gets its own subclass.
 */
export function notificationsGateway(namespace: string): Type<NotificationsGateway> {
  class ConfiguredNotificationsGateway extends NotificationsGateway {}
  WebSocketGateway({ namespace })(ConfiguredNotificationsGateway);
  return ConfiguredNotificationsGateway;
}
