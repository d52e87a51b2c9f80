import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { devBanner } from './config/dev-tokens.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { url } = await startApp(config);
  const logger = new Logger('Demo');
  logger.log(`Listening on ${url} (Socket.IO namespace /notifications)`);
  logger.log(`Demo pages: ${url}/ (user) and ${url}/admin (operations dashboard)`);
  // Printing tokens is a dev convenience the issue asks for; never in production.
  if (config.jwtSecretGenerated) console.log(`\n${devBanner(config)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
