import { Inject, Injectable } from '@nestjs/common';
import jwt, { type VerifyOptions } from 'jsonwebtoken';
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { LIMITS, MESSAGES, RESOLVED_OPTIONS } from '../notifications.constants.js';
import { NotificationsAuthError } from '../notifications.errors.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';

type Claims = Record<string, unknown>;

/**
 * Verifies a JWT with pinned algorithms and turns its claims into a user.
 * jsonwebtoken directly (CommonJS, runs in Nest 11 and 12 hosts alike); @nestjs/jwt
 * 12 is ESM-only and would be dragged into CommonJS hosts.
 */
@Injectable()
export class TokenVerifier {
  private readonly key: KeyObject;
  private readonly verifyOptions: VerifyOptions;

  constructor(@Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions) {
    const { secret, publicKey, algorithms, issuer, audience, clockToleranceSeconds } = options.jwt;
    // A KeyObject made once: given a string, jsonwebtoken first tries createPublicKey() on it
    // and catches the failure on every verify, ~50x the cost of the HMAC itself (bench W2).
    this.key = secret ? createSecretKey(Buffer.from(secret)) : createPublicKey(publicKey!);
    // jsonwebtoken types want non-empty tuples; the values are checked at runtime anyway.
    this.verifyOptions = { algorithms, issuer, audience, clockTolerance: clockToleranceSeconds } as VerifyOptions;
  }

  /** @throws NotificationsAuthError with code TOKEN_MISSING, TOKEN_INVALID or TOKEN_EXPIRED */
  verify(token: string | undefined): AuthenticatedUser {
    if (!token) throw new NotificationsAuthError('TOKEN_MISSING', MESSAGES.tokenMissing);
    // A coded refusal the client can read, and no megabyte of base64 handed to the JWT parser.
    if (Buffer.byteLength(token) > LIMITS.maxTokenBytes) {
      throw new NotificationsAuthError('TOKEN_INVALID', MESSAGES.tokenTooLarge(LIMITS.maxTokenBytes));
    }
    return this.toUser(this.decode(token));
  }

  private decode(token: string): Claims {
    try {
      const claims = jwt.verify(token, this.key, this.verifyOptions);
      if (typeof claims !== 'object' || claims === null) throw new Error('payload is not a JSON object');
      return claims as Claims;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TokenExpiredError') throw new NotificationsAuthError('TOKEN_EXPIRED', MESSAGES.tokenExpired);
      const reason = (error as Error).message;
      throw new NotificationsAuthError('TOKEN_INVALID', `${MESSAGES.tokenInvalid}: ${reason}`);
    }
  }

  private toUser(claims: Claims): AuthenticatedUser {
    const rawId = this.options.claims.userId.map((claim) => claims[claim]).find((v) => v !== undefined && v !== null);
    const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : rawId;
    if (typeof id !== 'string' || id === '') {
      throw new NotificationsAuthError('TOKEN_INVALID', `${MESSAGES.tokenInvalid}: no user id claim`);
    }
    const roles = claims[this.options.claims.roles] ?? [];
    if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) {
      throw new NotificationsAuthError('TOKEN_INVALID', `${MESSAGES.tokenInvalid}: roles must be a string array`);
    }
    return { id, roles, exp: typeof claims.exp === 'number' ? claims.exp : undefined };
  }
}
