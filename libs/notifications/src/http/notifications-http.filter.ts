import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { MESSAGES } from '../notifications.constants.js';
import { NotificationsError, type NotificationsErrorCode } from '../notifications.errors.js';

const STATUS: Partial<Record<NotificationsErrorCode, number>> = {
  TOKEN_MISSING: HttpStatus.UNAUTHORIZED,
  TOKEN_INVALID: HttpStatus.UNAUTHORIZED,
  TOKEN_EXPIRED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
};

interface JsonResponse {
  status(code: number): JsonResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/** Maps the module's errors to HTTP: 401 (with its code), 403, 400 (with every reason). */
@Catch(NotificationsError)
export class NotificationsHttpFilter implements ExceptionFilter<NotificationsError> {
  catch(error: NotificationsError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    const status = STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    if (status === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(status).json({
      statusCode: status,
      error: status === HttpStatus.UNAUTHORIZED ? MESSAGES.unauthorized : error.name,
      code: error.code,
      message: error.details.length ? error.details : error.message,
    });
  }
}
