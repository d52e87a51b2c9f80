import { InvalidPayloadError } from '../notifications.errors.js';
import { parseNotificationRequest } from './notification-request.validator.js';

const detailsOf = (input: unknown): string[] => {
  try {
    parseNotificationRequest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPayloadError);
    return (error as InvalidPayloadError).details;
  }
  throw new Error('expected the request to be refused');
};

describe('parseNotificationRequest', () => {
  it('accepts each kind of target and normalises ids', () => {
    expect(parseNotificationRequest({ type: 'a.b', userIds: ['1', 2, '1'] })).toEqual({
      type: 'a.b',
      data: undefined,
      userIds: ['1', '2'],
      roles: undefined,
      broadcast: false,
    });
    expect(parseNotificationRequest({ type: 't', roles: ['admin'], data: { x: 1 } }).roles).toEqual(['admin']);
    expect(parseNotificationRequest({ type: 't', broadcast: true }).broadcast).toBe(true);
  });

  it('lists every problem at once', () => {
    const details = detailsOf({ type: '', userIds: 'u', roles: [''], broadcast: 'yes', extra: 1 });
    expect(details).toEqual(
      expect.arrayContaining([
        'extra is not allowed',
        expect.stringMatching(/^type must be/),
        'userIds must be an array',
        expect.stringMatching(/^roles\[0\] must be/),
        'broadcast must be a boolean',
      ]),
    );
  });

  it('needs a target', () => {
    expect(detailsOf({ type: 't', userIds: [], broadcast: false })).toContain(
      'at least one target is required: userIds, roles or broadcast: true',
    );
  });

  it('refuses non-objects, oversized data and too many targets', () => {
    expect(detailsOf(null)).toEqual(['body must be a JSON object']);
    expect(detailsOf([1])).toEqual(['body must be a JSON object']);
    expect(detailsOf({ type: 't', broadcast: true, data: 'x'.repeat(70_000) })[0]).toMatch(/data must be at most/);
    expect(detailsOf({ type: 't', userIds: Array.from({ length: 1001 }, (_, i) => `u${i}`) })[0]).toMatch(/at most 1000/);
  });
});
