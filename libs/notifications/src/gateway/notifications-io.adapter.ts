import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { EMPTY, type Observable, catchError, defer } from 'rxjs';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import { REDIS_LINK, RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { ClientEventGate } from './client-event-gate.js';
import { engineLimitOptions } from './engine-limits.js';
import { closeIdleConnections } from './idle-connections.js';
import { originCheck } from './origin-check.js';
import type { RedisLink } from './redis-link.js';
import { RootNamespaceGuard } from './root-namespace.guard.js';

/**
 * Socket.IO adapter that applies the module's runtime options: CORS origins
 * (and the origin check of the handshake), the Redis link between instances, the
 * connection limits. Gateway decorator options are fixed at class definition, so
 * they enter here.
 */
export class NotificationsIoAdapter extends IoAdapter {
  private readonly servers = new Set<Server>();
  private readonly rootGuard = new RootNamespaceGuard();
  private gate?: ClientEventGate;
  // Our own: Nest 11's IoAdapter has no `logger` (Nest 12 added it), and a handler
  // error logged through an undefined logger would crash the process.
  private readonly handlerErrors = new Logger(IoAdapter.name);

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const { corsOrigins, limits } = this.app.get<ResolvedNotificationsOptions>(RESOLVED_OPTIONS);
    const redis = this.app.get<RedisLink | null>(REDIS_LINK);
    const extra: Partial<ServerOptions> = {};
    if (corsOrigins === true || corsOrigins.length) extra.cors = { origin: corsOrigins, credentials: true };
    if (redis) extra.adapter = redis.adapter as ServerOptions['adapter'];
    const allowRequest = originCheck(corsOrigins === true ? [] : corsOrigins, options?.allowRequest);
    if (allowRequest) extra.allowRequest = allowRequest;
    Object.assign(extra, engineLimitOptions(limits, options?.parser));
    const server = super.createIOServer(port, { ...options, ...extra } as ServerOptions);
    this.servers.add(server);
    this.rootGuard.attach(server);
    closeIdleConnections(server.httpServer, limits.idleHandshakeMs);
    return server;
  }

  /** Nest calls this once per gateway, with the server or namespace it is bound to. */
  override bindClientConnect(server: Server | Namespace, callback: Function): void {
    this.rootGuard.noteGateway(server);
    super.bindClientConnect(server, callback);
  }

  /**
   * One plain listener per handler and socket. Nest's default builds rxjs pipelines
   * per socket (fromEvent, share, first, takeUntil, a subscription per handler):
   * about 8 KB on every idle socket (bench W1: 23.3 KB vs 15.3 KB per connection).
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    const gate = (this.gate ??= this.app.get(ClientEventGate));
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...payload: unknown[]) => {
        const { data, ack } = this.mapPayload(payload);
        if (!gate.admit(socket, ack)) return;
        defer(() => transform(callback(data, ack)))
          .pipe(catchError((error: unknown) => (this.handlerErrors.error(error), EMPTY)))
          .subscribe((response) => {
            if (response === undefined || response === null) return;
            const { event, data: eventData } = response as { event?: string; data?: unknown };
            if (event) socket.emit(event, eventData);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          });
      });
    }
  }

  /**
   * Nest closes gateways by namespace, which leaves the root server and its
   * adapters (the Redis stream readers) running; close the roots on shutdown.
   */
  override async dispose(): Promise<void> {
    await Promise.all([...this.servers].map((server) => new Promise((resolve) => server.close(resolve))));
    this.servers.clear();
  }
}
