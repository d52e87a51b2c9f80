import type { LoggerService } from '@nestjs/common';

/** Keeps every log line so tests can assert on what was (or was not) logged. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  private push(level: string, message: unknown, params: unknown[]): void {
    const text = message instanceof Error ? `${message.message}\n${message.stack}` : String(message);
    this.lines.push(`${level} ${params.join(' ')} ${text}`);
    if (process.env.TEST_LOGS) console.log(level, text);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.push('LOG', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.push('ERROR', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.push('WARN', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.push('DEBUG', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.push('VERBOSE', message, params);
  }

  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  text(): string {
    return this.lines.join('\n');
  }
}
