import { DEFAULT_LIMITS, MESSAGES } from '../notifications.constants.js';
import { NotificationsConfigError } from '../notifications.errors.js';
import type { NotificationsLimitsOptions, ResolvedNotificationsOptions } from '../notifications-options.interface.js';

type Limits = ResolvedNotificationsOptions['limits'];

const RULES: Record<keyof Limits, { min: number; rule: string }> = {
  maxPayloadBytes: { min: 1024, rule: 'an integer of at least 1024' },
  connectTimeoutMs: { min: 1, rule: 'a positive integer' },
  idleHandshakeMs: { min: 0, rule: 'an integer of at least 0 (0 turns it off)' },
  eventsPerSecond: { min: 1, rule: 'a positive integer' },
  eventBurst: { min: 1, rule: 'a positive integer' },
  disconnectAfterRefused: { min: 1, rule: 'a positive integer' },
  connectionsPerUser: { min: 1, rule: 'a positive integer' },
  maxBufferedBytes: { min: 1024, rule: 'an integer of at least 1024' },
};

/** Fills the connection limits' defaults; a value that is not a sane integer stops start-up. */
export function resolveLimits(limits: NotificationsLimitsOptions = {}): Limits {
  const resolved = { ...DEFAULT_LIMITS, ...limits } as Limits;
  for (const [name, { min, rule }] of Object.entries(RULES) as [keyof Limits, (typeof RULES)[keyof Limits]][]) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < min) throw new NotificationsConfigError(MESSAGES.badLimit(name, value, rule));
  }
  return resolved;
}
