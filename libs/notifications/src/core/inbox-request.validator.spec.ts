import { InvalidPayloadError } from '../notifications.errors.js';
import { parseCheckRequest } from './inbox-request.validator.js';

describe('parseCheckRequest (inbox:check)', () => {
  it('reads cursor, since and received', () => {
    expect(parseCheckRequest({ cursor: 'e1.40', since: 'e1.12', received: 3 })).toEqual({
      cursor: { epoch: 'e1', position: 40 },
      report: { since: 12, received: 3 },
    });
    expect(parseCheckRequest({ cursor: 'e1.40', since: 'e1.40', received: 0 }).report).toEqual({ since: 40, received: 0 });
    expect(parseCheckRequest({ cursor: 'e1.40', since: 'e1.40', received: 0, scope: '0a1b' }).report).toEqual({ since: 40, received: 0, scope: '0a1b' });
  });

  it.each([
    [undefined, ['body must be { cursor, since, received }']],
    [[], ['body must be { cursor, since, received }']],
    [{ since: 'e1.1', received: 0 }, ['cursor must be a cursor']],
    [{ cursor: 'e1.4', received: 0 }, ['since must be a cursor of the same inbox, at or below cursor']],
    [{ cursor: 'e1.4', since: 'e2.1', received: 0 }, ['since must be a cursor of the same inbox, at or below cursor']],
    [{ cursor: 'e1.4', since: 'e1.5', received: 0 }, ['since must be a cursor of the same inbox, at or below cursor']],
    [{ cursor: 'e1.4', since: 'e1.1', received: -1 }, ['received must be a whole number, 0 or more']],
    [{ cursor: 'e1.4', since: 'e1.1', received: '2' }, ['received must be a whole number, 0 or more']],
    [{ cursor: 'e1.4', since: 'e1.1', received: 0, scope: 7 }, ['scope must be the scope of the last inbox:synced']],
    [{ cursor: 'x', since: 'y', received: 1.5 }, ['cursor must be a cursor', 'since must be a cursor of the same inbox, at or below cursor', 'received must be a whole number, 0 or more']],
  ])('refuses %p with every problem named', (input, problems) => {
    let error: unknown;
    try {
      parseCheckRequest(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as InvalidPayloadError).toJSON()).toMatchObject({ code: 'INVALID_PAYLOAD', details: problems });
  });
});
