import { extractToken, redactToken } from './extract-token.js';

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

describe('redactToken', () => {
  it('hides the token query parameter wherever it is', () => {
    expect(redactToken('/socket.io/?EIO=4&token=secret.jwt.value&transport=websocket')).toBe(
      '/socket.io/?EIO=4&token=[REDACTED]&transport=websocket',
    );
    expect(redactToken('/x?token=abc')).toBe('/x?token=[REDACTED]');
    expect(redactToken('/x?other=1')).toBe('/x?other=1');
  });
});
