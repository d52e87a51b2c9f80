/** UUIDv7 ids sort by creation time, so the id alone orders a list merged from REST pages, replays and live pushes. */
const newestFirst = (a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The items a page lists, by id, and every id it has received: no I/O, only the merge rules.
 * @param accept which items are listed (the admin dashboard: orders); every id is remembered
 * @param max how many listed items are kept, newest first
 */
export function createInboxItems({ accept, max }) {
  const items = new Map(); // { id, type, data, createdAt, read, fresh }
  const seen = new Set(); // listed or not: a replayed push is never counted twice

  function keep({ id, type, data, createdAt, read }, fresh) {
    items.set(id, { id, type, data, createdAt, read, fresh });
    if (items.size > max) items.delete([...items.keys()].reduce((a, b) => (a < b ? a : b))); // drop the oldest
  }

  return {
    list: () => [...items.values()].sort(newestFirst),

    /** A push: true when it is new (and so unread). `fresh` lets the page flash it. */
    pushed(envelope) {
      if (seen.has(envelope.id)) return false;
      seen.add(envelope.id);
      if (accept(envelope)) keep({ ...envelope, read: false }, true);
      return true;
    },

    /**
     * A list read from REST. Read state only moves to read (the server has no "unread"), so a
     * list fetched just before a read of ours cannot undo it; `authoritative` takes the
     * server's word anyway, to undo a read of ours that failed.
     */
    listed(fetched, authoritative) {
      for (const item of fetched) {
        seen.add(item.id);
        const known = items.get(item.id);
        if (known) known.read = authoritative ? item.read : known.read || item.read;
        else if (accept(item)) keep(item, false);
      }
    },

    /** Marks listed items read (ids, or 'all'); returns how many were unread. */
    markRead(ids) {
      let dropped = 0;
      for (const item of items.values()) {
        if (!item.read && (ids === 'all' || ids.includes(item.id))) {
          item.read = true;
          dropped += 1;
        }
      }
      return dropped;
    },

    clear() {
      items.clear();
      seen.clear();
    },
  };
}
