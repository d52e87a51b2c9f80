import * as client from './index.js';

/** `@nest-notify/notifications/client`: every export is a promise to clients, too. */
describe('the client entry', () => {
  it('exports the resume logic and nothing else at run time (the rest is types)', () => {
    expect(Object.keys(client).sort()).toEqual(['InboxResume']);
  });
});
