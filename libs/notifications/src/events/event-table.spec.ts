import { defaultEvents } from './default-events.js';
import { checkEventTable } from './check-event-table.js';
import { EventTable } from './event-table.js';

describe('EventTable', () => {
  const defaults = new EventTable(defaultEvents('admin'));

  it('user.followed goes to the followee with the whole event as data, keyed by its ids', () => {
    expect(defaults.map('user.followed', { followerId: 'a', followeeId: 'b', followedAt: 't1' })).toEqual({
      request: { type: 'user.followed', data: { followerId: 'a', followeeId: 'b', followedAt: 't1' }, userIds: ['b'] },
      key: 'user.followed:a:b:t1',
    });
    expect(defaults.map('user.followed', { followerId: 1, followeeId: 2 }).request.userIds).toEqual(['2']);
  });

  it('order.created goes to the admin role, keyed by the order id', () => {
    expect(defaults.map('order.created', { orderId: 'o1', userId: 'u', total: 9.5 })).toEqual({
      request: { type: 'order.created', data: { orderId: 'o1', userId: 'u', total: 9.5 }, roles: ['admin'] },
      key: 'order.created:o1',
    });
  });

  it.each([
    ['user.followed without followeeId', 'user.followed', { followerId: 'a' }, /followeeId/],
    ['user.followed that is not an object', 'user.followed', 'a', /must be a JSON object/],
    ['order.created without orderId', 'order.created', { total: 1 }, /orderId/],
    ['order.created with a string total', 'order.created', { orderId: 'o', total: '9' }, /total/],
  ])('refuses %s as INVALID_PAYLOAD with the reason', (_label, pattern, event, reason) => {
    expect(() => defaults.map(pattern, event)).toThrow(
      expect.objectContaining({ code: 'INVALID_PAYLOAD', details: expect.arrayContaining([expect.stringMatching(reason)]) }),
    );
  });

  it('refuses unknown patterns, including names of Object.prototype', () => {
    for (const pattern of ['user.deleted', 'constructor', '__proto__', 'toString']) {
      expect(() => defaults.map(pattern, {})).toThrow(expect.objectContaining({ code: 'UNKNOWN_PATTERN' }));
    }
  });

  it('a host adds an event with one entry: type, several targets, data and key of its own', () => {
    const table = new EventTable({
      'invoice.paid': {
        type: 'billing.invoice-paid',
        toUser: (e) => [e.customerId, e.accountantId],
        toRole: (e) => (e.amount > 1000 ? ['finance'] : []),
        data: (e) => ({ invoice: e.invoiceId, amount: e.amount }),
        key: (e) => `invoice:${e.invoiceId}`,
      },
      'system.notice': { broadcast: true },
    });
    expect(table.map('invoice.paid', { invoiceId: 'i9', customerId: 'c1', accountantId: 'c1', amount: 2000 })).toEqual({
      request: { type: 'billing.invoice-paid', data: { invoice: 'i9', amount: 2000 }, userIds: ['c1'], roles: ['finance'] },
      key: 'invoice:i9',
    });
    expect(table.map('system.notice', { text: 'hi' }).request).toEqual({ type: 'system.notice', data: { text: 'hi' }, broadcast: true });
  });

  it('a mapping that throws is EVENT_MAPPING_FAILED with what it threw; a validator that throws is INVALID_PAYLOAD', () => {
    const table = new EventTable({
      boom: { toUser: (e) => e.user.id },
      picky: { toUser: () => 'u', validate: () => { throw new Error('no way'); } },
    });
    expect(() => table.map('boom', {})).toThrow(
      expect.objectContaining({ code: 'EVENT_MAPPING_FAILED', details: [expect.stringMatching(/undefined/)] }),
    );
    expect(() => table.map('picky', {})).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', details: ['picky: no way'] }));
  });

  it('an event that names no one, or a bad id, is INVALID_PAYLOAD', () => {
    const table = new EventTable({ e: { toUser: (e) => e.to } });
    expect(() => table.map('e', {})).toThrow(expect.objectContaining({ details: ['e: the event names no one to notify'] }));
    expect(() => table.map('e', { to: { id: 1 } })).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
  });
});

describe('checkEventTable', () => {
  it('accepts the defaults', () => {
    expect(() => checkEventTable(defaultEvents('admin'))).not.toThrow();
  });

  it('refuses, at start-up, every problem at once', () => {
    expect(() =>
      checkEventTable({
        'notification.send': { broadcast: true },
        nobody: {},
        typo: { toUser: 'e.userId' as never, type: 'not a type!' },
      }),
    ).toThrow(/notification\.send: is built in[\s\S]*nobody: needs toUser, toRole or broadcast[\s\S]*typo: type "not a type!"[\s\S]*typo: toUser must be a function/);
  });
});
