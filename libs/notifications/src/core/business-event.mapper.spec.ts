import { mapOrderCreated, mapUserFollowed } from './business-event.mapper.js';

describe('business event mapping', () => {
  it('user.followed goes to the followee with the whole event as data', () => {
    expect(mapUserFollowed({ followerId: 'a', followeeId: 'b', name: 'Alice' })).toEqual({
      type: 'user.followed',
      data: { followerId: 'a', followeeId: 'b', name: 'Alice' },
      userIds: ['b'],
    });
    expect(mapUserFollowed({ followerId: 1, followeeId: 2 }).userIds).toEqual(['2']);
  });

  it('order.created goes to the admin role', () => {
    expect(mapOrderCreated({ orderId: 'o1', userId: 'u', total: 9.5 }, 'admin')).toEqual({
      type: 'order.created',
      data: { orderId: 'o1', userId: 'u', total: 9.5 },
      roles: ['admin'],
    });
  });

  it.each([
    ['user.followed without followeeId', () => mapUserFollowed({ followerId: 'a' }), /followeeId/],
    ['user.followed that is not an object', () => mapUserFollowed('a'), /must be an object/],
    ['order.created without orderId', () => mapOrderCreated({ total: 1 }, 'admin'), /orderId/],
    ['order.created with a string total', () => mapOrderCreated({ orderId: 'o', total: '9' }, 'admin'), /total/],
  ])('refuses %s', (_label, run, reason) => {
    expect(run).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', details: expect.arrayContaining([expect.stringMatching(reason)]) }));
  });
});
