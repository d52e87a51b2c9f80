import { formatCursor, parseCursor } from './cursor.js';

describe('cursor', () => {
  it('round-trips epoch and position', () => {
    expect(parseCursor(formatCursor('ab-c_D9', 42))).toEqual({ epoch: 'ab-c_D9', position: 42 });
    expect(parseCursor(formatCursor('0123abcd', 0))).toEqual({ epoch: '0123abcd', position: 0 });
  });

  it.each([undefined, 42, '', '42', '.42', 'abc.', 'abc.-1', 'abc.1.5x', 'abc.1e3', `${'x'.repeat(64)}.1`, 'abc.9999999999999999'])(
    'refuses %p',
    (value) => expect(parseCursor(value)).toBeUndefined(),
  );
});
