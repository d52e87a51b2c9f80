import { extractToken, locateToken } from './extract-token.js';

describe('extractToken', () => {
  it('reads auth.token first', () => {
    expect(extractToken({ auth: { token: 'a' }, query: { token: 'q' }, headers: { authorization: 'Bearer h' } })).toBe('a');
  });

  it('falls back to ?token= then to the Authorization header', () => {
    expect(extractToken({ auth: {}, query: { token: 'q' }, headers: { authorization: 'Bearer h' } })).toBe('q');
    expect(extractToken({ auth: {}, query: {}, headers: { authorization: 'Bearer h' } })).toBe('h');
    expect(extractToken({ headers: { authorization: 'bearer   h2 ' } })).toBe('h2');
  });

  it('accepts "Bearer x" inside auth.token, as some clients send it', () => {
    expect(extractToken({ auth: { token: 'Bearer abc' } })).toBe('abc');
  });

  it('ignores empty, non-string and non-Bearer values', () => {
    expect(extractToken({ auth: { token: '  ' }, query: { token: ['x'] }, headers: { authorization: 'Basic Zm9v' } })).toBeUndefined();
    expect(extractToken({ auth: { token: 42 } })).toBeUndefined();
    expect(extractToken({})).toBeUndefined();
  });
});

describe('locateToken', () => {
  it('says where the token came from, in the order extractToken reads them', () => {
    expect(locateToken({ auth: { token: 'a' }, query: { token: 'q' } })).toEqual({ token: 'a', place: 'auth' });
    expect(locateToken({ auth: { token: ' ' }, query: { token: 'q' } })).toEqual({ token: 'q', place: 'query' });
    expect(locateToken({ headers: { authorization: 'Bearer h' } })).toEqual({ token: 'h', place: 'header' });
    expect(locateToken({ headers: { authorization: 'Basic h' } })).toEqual({ place: 'none' });
  });
});
