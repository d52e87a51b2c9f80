import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { MESSAGES } from '../notifications.constants.js';
import { NotificationsAuthError } from '../notifications.errors.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import { extractToken } from './extract-token.js';
import { TokenVerifier } from './token-verifier.service.js';

interface AuthedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

/**
 * Bearer-token guard for HTTP routes, the same verification as the socket
 * handshake; sets `request.user`, or answers 401 with `code` TOKEN_MISSING,
 * TOKEN_INVALID or TOKEN_EXPIRED. Hosts can reuse it on their own routes.
 */
@Injectable()
export class HttpAuthGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    try {
      request.user = this.verifier.verify(extractToken({ headers: request.headers }));
      return true;
    } catch (error) {
      if (!(error instanceof NotificationsAuthError)) throw error;
      throw new UnauthorizedException({
        statusCode: 401,
        error: MESSAGES.unauthorized,
        code: error.code,
        message: error.message,
      });
    }
  }
}
