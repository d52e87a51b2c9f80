import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { NotificationsError, type NotificationsErrorCode } from '../notifications.errors.js';

// 401s never reach here: HttpAuthGuard answers them before the handler runs.
const STATUS: Partial<Record<NotificationsErrorCode, number>> = {
  FORBIDDEN: HttpStatus.FORBIDDEN,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
};

interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
}

/** Maps the service's errors to HTTP: 403, and 400 with every reason. */
@Catch(NotificationsError)
export class NotificationsHttpFilter implements ExceptionFilter<NotificationsError> {
  catch(error: NotificationsError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    const status = STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    response.status(status).json({
      statusCode: status,
      error: error.name,
      code: error.code,
      message: error.details.length ? error.details : error.message,
    });
  }
}
