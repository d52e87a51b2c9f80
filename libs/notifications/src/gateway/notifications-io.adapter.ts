import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { REDIS_LINK, RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import type { RedisLink } from './redis-link.js';

/**
 * Socket.IO adapter that applies the module's runtime options: CORS origins,
 * the Redis link between instances, connection state recovery. Gateway
 * decorator options are fixed at class definition, so they enter here.
 */
export class NotificationsIoAdapter extends IoAdapter {
  private readonly servers = new Set<Server>();

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const { corsOrigins, recoverySeconds } = this.app.get<ResolvedNotificationsOptions>(RESOLVED_OPTIONS);
    const redis = this.app.get<RedisLink | null>(REDIS_LINK);
    const extra: Partial<ServerOptions> = {};
    if (corsOrigins === true || corsOrigins.length) extra.cors = { origin: corsOrigins, credentials: true };
    if (redis) extra.adapter = redis.adapter as ServerOptions['adapter'];
    if (recoverySeconds > 0) {
      // Middlewares run again on recovery: a token revoked or expired meanwhile is refused.
      extra.connectionStateRecovery = { maxDisconnectionDuration: recoverySeconds * 1000, skipMiddlewares: false };
    }
    const server = super.createIOServer(port, { ...options, ...extra } as ServerOptions);
    this.servers.add(server);
    return server;
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
