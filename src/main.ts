import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { devBanner } from './config/dev-tokens.js';
import { demoLogger } from './logging/demo-logger.js';

// Made before the configuration is read, so even its errors come out as JSON lines when asked.
const output = demoLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  const { url, host } = await startApp(config, output);
  const logger = new Logger('Demo');
  logger.log(`Listening on ${url} (Socket.IO namespace /notifications; bound to ${host === '127.0.0.1' ? '127.0.0.1 only: dev sign-in is on' : host})`);
  logger.log(`Demo pages: ${url}/ (user) and ${url}/admin (operations dashboard)`);
  // Printing tokens is a dev convenience the issue asks for; never in production.
  if (config.jwtSecretGenerated) for (const line of devBanner(config).split('\n')) logger.log(line);
}

main().catch((error: unknown) => {
  output.error(error instanceof ConfigError ? error.message : error, 'Demo');
  process.exit(1);
});
