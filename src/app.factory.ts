import { type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setupNotifications } from '#notifications';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { serveStaticPages } from './ui/static-pages.js';

export interface RunningApp {
  app: INestApplication;
  url: string;
  /** The address the server is bound to: 127.0.0.1 with dev sign-in, else every interface. */
  host: string;
}

/** Builds and starts the hybrid app (HTTP + WebSocket + RMQ consumer); shared by main.ts and the tests. */
export async function startApp(config: AppConfig, logger?: LoggerService | false): Promise<RunningApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: logger ?? undefined,
    bufferLogs: false,
    // Start-up errors reject here, and main.ts prints them and exits 1 (Nest's default aborts the process).
    abortOnError: false,
  });
  app.enableCors({ origin: config.corsOrigins === true ? true : config.corsOrigins });
  // SIGTERM/SIGINT: NotificationsModule drains (consumer first, then sockets); exit 0 once closed.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  serveStaticPages(app); // the demo pages: / (user) and /admin (dashboard)
  setupNotifications(app);
  await app.startAllMicroservices(); // returns at once; the consumer connects in the background
  // With dev sign-in on, anyone who reaches the server can mint an admin token: loopback only.
  await app.listen(config.port, config.devSignIn ? '127.0.0.1' : '0.0.0.0');
  const address = app.getHttpServer().address() as { address: string; port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, host: address.address };
}
