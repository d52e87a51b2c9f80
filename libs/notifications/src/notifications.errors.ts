export type AuthErrorCode = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED';
export type NotificationsErrorCode =
  | AuthErrorCode
  | 'FORBIDDEN'
  | 'INVALID_PAYLOAD'
  | 'MALFORMED_MESSAGE'
  | 'UNKNOWN_PATTERN'
  | 'EVENT_MAPPING_FAILED'
  | 'CONFIG_INVALID'
  | 'SERVER_SHUTTING_DOWN'
  | 'RATE_LIMITED'
  | 'TOO_MANY_CONNECTIONS'
  | 'STORE_UNAVAILABLE'
  | 'INBOX_DISABLED'
  | 'INVALID_NAMESPACE';

/** Base of every error the module raises on purpose; `code` is part of the contract. */
export abstract class NotificationsError extends Error {
  abstract readonly code: NotificationsErrorCode;
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { code: NotificationsErrorCode; message: string; details?: string[] } {
    return this.details.length
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** The token is missing, unreadable, or expired. */
export class NotificationsAuthError extends NotificationsError {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class NotificationsForbiddenError extends NotificationsError {
  readonly code = 'FORBIDDEN' as const;
}

/** A notification request or business event failed validation; `details` lists why. */
export class InvalidPayloadError extends NotificationsError {
  readonly code = 'INVALID_PAYLOAD' as const;
}

/** An AMQP message that is not `{ "pattern", "data" }` JSON. */
export class MalformedMessageError extends NotificationsError {
  readonly code = 'MALFORMED_MESSAGE' as const;
}

export class UnknownPatternError extends NotificationsError {
  readonly code = 'UNKNOWN_PATTERN' as const;
}

/** A host's event mapping function threw; `details` carries what it threw. */
export class EventMappingError extends NotificationsError {
  readonly code = 'EVENT_MAPPING_FAILED' as const;
}

/** The module runs without an inbox (`inbox: false`): there is nothing to list or mark. */
export class InboxDisabledError extends NotificationsError {
  readonly code = 'INBOX_DISABLED' as const;
}

export class NotificationsConfigError extends NotificationsError {
  readonly code = 'CONFIG_INVALID' as const;
}

/** The inbox store's backing service (PostgreSQL) cannot be reached; retrying later may succeed. */
export class StoreUnavailableError extends NotificationsError {
  readonly code = 'STORE_UNAVAILABLE' as const;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message);
    if ('cause' in options) this.cause = options.cause;
  }
}
