import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { MESSAGES, RESOLVED_OPTIONS } from '../notifications.constants.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The metrics route's guard when `metrics.token` is set: `Authorization: Bearer <token>`
 * only (never a query string, which ends up in access logs), compared in constant time.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(RESOLVED_OPTIONS) options: ResolvedNotificationsOptions) {
    this.expected = options.metrics.token ? digest(options.metrics.token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!token) throw refusal('TOKEN_MISSING', MESSAGES.metricsTokenMissing);
    // Digests have one length, so timingSafeEqual never throws and the token's length does not leak.
    if (!timingSafeEqual(digest(token), this.expected)) throw refusal('TOKEN_INVALID', MESSAGES.metricsTokenInvalid);
    return true;
  }
}

function refusal(code: string, message: string): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, error: MESSAGES.unauthorized, code, message });
}
