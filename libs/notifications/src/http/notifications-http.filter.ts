import { type ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { NotificationsError, type NotificationsErrorCode } from '../notifications.errors.js';

// 401s never reach here: HttpAuthGuard answers them before the handler runs.
const STATUS: Partial<Record<NotificationsErrorCode, number>> = {
  FORBIDDEN: HttpStatus.FORBIDDEN,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
  STORE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INBOX_DISABLED: HttpStatus.NOT_FOUND,
};

/**
 * Maps the service's errors to HTTP: 403, and 400 with every reason. Replies through
 * Nest's own exception handling, so it works on Express and Fastify alike.
 */
@Catch(NotificationsError)
export class NotificationsHttpFilter extends BaseExceptionFilter {
  override catch(error: NotificationsError, host: ArgumentsHost): void {
    const status = STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    const body = { statusCode: status, error: error.name, code: error.code, message: error.details.length ? error.details : error.message };
    super.catch(new HttpException(body, status), host);
  }
}
