import { ConsoleLogger } from '@nestjs/common';

type Env = Record<string, string | undefined>;

/**
 * Nest's console logger set for where the output goes: JSON lines with
 * LOG_FORMAT=json (log shippers parse them), and ANSI colours only on a terminal,
 * since escape codes in a file or a pipe are noise a log search trips over.
 */
export function demoLogger(env: Env = process.env, isTty = Boolean(process.stdout.isTTY)): ConsoleLogger {
  const json = readLogFormat(env) === 'json';
  return new ConsoleLogger({ json, colors: !json && isTty });
}

/** LOG_FORMAT: `text` (the default) or `json`; null for anything else (loadConfig refuses it). */
export function readLogFormat(env: Env): 'text' | 'json' | null {
  const format = (env.LOG_FORMAT || 'text').trim().toLowerCase();
  return format === 'text' || format === 'json' ? format : null;
}
