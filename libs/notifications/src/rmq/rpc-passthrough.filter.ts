import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands handler errors back to NotificationsRmqServer untouched, so the server
 * dead-letters the message and logs it once (Nest's default filter logs too).
 */
@Catch()
export class RpcPassthroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
