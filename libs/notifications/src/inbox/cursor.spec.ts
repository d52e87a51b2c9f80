import { formatCursor, parseCursor, parseSyncReport } from './cursor.js';

describe('cursor', () => {
  it('round-trips epoch and position', () => {
    expect(parseCursor(formatCursor('ab-c_D9', 42))).toEqual({ epoch: 'ab-c_D9', position: 42 });
    expect(parseCursor(formatCursor('0123abcd', 0))).toEqual({ epoch: '0123abcd', position: 0 });
  });

  it('keeps the scope a resume sent with its sync point (anything but a string matches no reader)', () => {
    const cursor = { epoch: 'e1', position: 9 };
    expect(parseSyncReport(cursor, { since: 'e1.7', received: 2, scope: '0a1b' })).toEqual({ since: 7, received: 2, scope: '0a1b' });
    expect(parseSyncReport(cursor, { since: 'e1.7', received: 2, scope: 12 })).toEqual({ since: 7, received: 2, scope: '' });
  });

  it.each([undefined, 42, '', '42', '.42', 'abc.', 'abc.-1', 'abc.1.5x', 'abc.1e3', `${'x'.repeat(64)}.1`, 'abc.9999999999999999'])(
    'refuses %p',
    (value) => expect(parseCursor(value)).toBeUndefined(),
  );

  describe('parseSyncReport', () => {
    const cursor = { epoch: 'e1', position: 50 };

    it('reads since and received', () => {
      expect(parseSyncReport(cursor, { since: 'e1.20', received: 7 })).toEqual({ since: 20, received: 7 });
      expect(parseSyncReport(cursor, { since: 'e1.50', received: 0 })).toEqual({ since: 50, received: 0 });
    });

    it('keeps since without a usable count, so the replay starts there', () => {
      for (const received of [undefined, -1, 1.5, '7', Number.MAX_SAFE_INTEGER + 2, null]) {
        expect(parseSyncReport(cursor, { since: 'e1.20', received })).toEqual({ since: 20, received: undefined });
      }
    });

    it.each([undefined, '', 'e1.51', 'e2.20', 'nonsense', 20])('ignores since %p (another epoch, above the cursor, not a cursor)', (since) =>
      expect(parseSyncReport(cursor, { since, received: 3 })).toBeUndefined(),
    );
  });
});
