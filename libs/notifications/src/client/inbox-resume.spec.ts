import { InboxResume } from './inbox-resume.js';

const at = (n: number) => `ep0ch.${n}`;
const note = (id: string, n: number) => ({ id, cursor: at(n) });
const SCOPE = 'abc123';

/** A client whose connection synced at position `n`. */
function syncedAt(n: number): InboxResume {
  const resume = new InboxResume();
  resume.connected();
  resume.synced({ cursor: at(n), scope: SCOPE });
  return resume;
}

describe('InboxResume', () => {
  describe('handshake', () => {
    it('sends nothing before it has a cursor, the cursor alone before a sync point, then the sync point and its count', () => {
      const resume = new InboxResume();
      expect(resume.handshake()).toEqual({});
      resume.connected();
      resume.seen(note('a', 3));
      expect(resume.handshake()).toEqual({ cursor: at(3) });
      resume.synced({ cursor: at(2), scope: SCOPE });
      expect(resume.handshake()).toEqual({ cursor: at(3), since: at(2), received: 1, scope: SCOPE });
    });

    it('keeps the greatest cursor by position, whatever order pushes from several servers come in', () => {
      const resume = syncedAt(1);
      for (const [id, n] of [['c', 9], ['a', 4], ['b', 10], ['d', 2]] as const) resume.seen(note(id, n));
      expect(resume.cursor).toBe(at(10)); // '10' sorts before '9' as text
      expect(resume.handshake()).toMatchObject({ received: 4 });
    });
  });

  describe('counting from the sync point', () => {
    it('counts what came on this connection before its inbox:synced, above the sync point only', () => {
      const resume = new InboxResume();
      resume.connected();
      resume.seen(note('below', 4));
      resume.seen(note('above', 6));
      resume.synced({ cursor: at(5), scope: SCOPE });
      expect(resume.handshake()).toEqual({ cursor: at(6), since: at(5), received: 1, scope: SCOPE });
    });

    it('does not count what came on an earlier connection (it may be outside an inbox with fewer roles)', () => {
      const resume = syncedAt(5);
      resume.seen(note('earlier', 7));
      resume.connected(); // a reconnect
      resume.synced({ cursor: at(6), scope: 'fewer-roles' });
      expect(resume.handshake()).toEqual({ cursor: at(7), since: at(6), received: 0, scope: 'fewer-roles' });
    });

    it('counts an id once, pushed and then listed or replayed', () => {
      const resume = syncedAt(1);
      resume.seen(note('x', 2));
      resume.seen(note('x', 2));
      expect(resume.handshake()).toMatchObject({ received: 1 });
    });

    it('ignores an item without a cursor (a client-side notice, a push from a server without an inbox)', () => {
      const resume = syncedAt(1);
      resume.seen({ id: 'plain' });
      expect(resume.handshake()).toMatchObject({ cursor: at(1), received: 0 });
    });
  });

  it('forgets the cursor and the sync point on inbox:reset', () => {
    const resume = syncedAt(3);
    resume.seen(note('a', 4));
    resume.reset();
    expect(resume.handshake()).toEqual({});
    expect(resume.cursor).toBeUndefined();
  });

  describe('inbox:check', () => {
    it('has nothing to ask before this connection synced', () => {
      const resume = new InboxResume();
      resume.connected();
      resume.seen(note('a', 2));
      expect(resume.checkRequest()).toBeUndefined();
      resume.synced({ cursor: at(1), scope: SCOPE });
      expect(resume.checkRequest()).toEqual({ cursor: at(2), since: at(1), received: 1, scope: SCOPE });
    });

    it('complete: the sync point moves up to the cursor asked about, and only what came above it still counts', () => {
      const resume = syncedAt(1);
      resume.seen(note('a', 2));
      const request = resume.checkRequest()!;
      resume.seen(note('b', 3)); // arrives while the check is on its way
      expect(resume.checked(request, { ok: true, complete: true })).toBe('ok');
      expect(resume.handshake()).toEqual({ cursor: at(3), since: at(2), received: 1, scope: SCOPE });
    });

    it('not complete once waits (a push may be on its way); twice in a row reconnects', () => {
      const resume = syncedAt(1);
      resume.seen(note('b', 3));
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: false })).toBe('ok');
      expect(resume.handshake()).toMatchObject({ since: at(1) }); // the sync point stays
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: false })).toBe('reconnect');
    });

    it('a complete check in between clears the first strike', () => {
      const resume = syncedAt(1);
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: false })).toBe('ok');
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: true })).toBe('ok');
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: false })).toBe('ok');
    });

    it('a newer one the last check reported that has still not come by the next check reconnects', () => {
      const resume = syncedAt(1);
      resume.seen(note('a', 2));
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: true, newest: at(5) })).toBe('ok');
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: true, newest: at(5) })).toBe('reconnect');
    });

    it('the reported newest arriving in time settles it', () => {
      const resume = syncedAt(1);
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: true, newest: at(5) })).toBe('ok');
      resume.seen(note('e', 5));
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: true, newest: at(5) })).toBe('ok');
    });

    it('an answer that arrives after a reconnect, before that connection synced, changes nothing', () => {
      const resume = syncedAt(1);
      resume.seen(note('a', 2));
      expect(resume.checked(resume.checkRequest()!, { ok: true, complete: false })).toBe('ok'); // first strike
      const buffered = resume.checkRequest()!; // sent while disconnected: socket.io-client sends it on the next connection
      resume.connected();
      expect(resume.checked(buffered, { ok: true, complete: false })).toBe('ok'); // not a second strike
      resume.synced({ cursor: at(2), scope: SCOPE });
      expect(resume.handshake()).toMatchObject({ since: at(2) });
    });

    it('a refusal, or an answer to a check sent before a reconnect synced again, changes nothing', () => {
      const resume = syncedAt(1);
      resume.seen(note('a', 2));
      const stale = resume.checkRequest()!;
      expect(resume.checked(stale, { ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } })).toBe('ok');
      resume.connected();
      resume.synced({ cursor: at(4), scope: SCOPE });
      expect(resume.checked(stale, { ok: true, complete: false })).toBe('ok');
      expect(resume.checked(stale, { ok: true, complete: false })).toBe('ok');
      expect(resume.handshake()).toMatchObject({ since: at(4) });
    });
  });
});
