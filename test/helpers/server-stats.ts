import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:net';

/** Open TCP connections on the app's HTTP server, as the server counts them. */
export function openConnections(app: INestApplication): Promise<number> {
  const server = app.getHttpServer() as Server;
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

/** RSS in MiB, for the figures the limit tests print with TEST_LOGS=1. */
export const rssMiB = (): number => Math.round(process.memoryUsage().rss / 1024 / 1024);

export function report(line: string): void {
  if (process.env.TEST_LOGS) console.log(line);
}
