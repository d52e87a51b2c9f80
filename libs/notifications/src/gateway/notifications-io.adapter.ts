import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';

/**
 * Socket.IO adapter that applies the module's CORS origins. Gateway decorator
 * options are fixed at class definition, so runtime configuration enters here.
 */
export class NotificationsIoAdapter extends IoAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const { corsOrigins } = this.app.get<ResolvedNotificationsOptions>(RESOLVED_OPTIONS);
    const cors = corsOrigins === true || corsOrigins.length ? { origin: corsOrigins, credentials: true } : undefined;
    return super.createIOServer(port, { ...options, ...(cors ? { cors } : {}) } as ServerOptions);
  }
}
