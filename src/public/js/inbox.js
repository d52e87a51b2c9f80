import { api, describeError } from './api.js';
import { createInboxItems } from './inbox-items.js';
import { connectLive } from './live-connection.js';

const PAGE_SIZE = 100; // the server's maximum
const MAX_PAGES = 5; // enough to fill a filtered list (admin: orders only) without walking a whole inbox
const RETRY_MS = 5000;
// How often a connected page asks whether a push never reached it (a Redis outage between servers).
// A page (or a test) may set window.NOTIFICATIONS_CHECK_MS before this module loads.
const CHECK_MS = Number(globalThis.NOTIFICATIONS_CHECK_MS) || 60_000;

/** Positions of one store increase: the number after a cursor's last dot. */
const position = (cursor) => Number(cursor.slice(cursor.lastIndexOf('.') + 1));

/**
 * The signed-in user's inbox on a page: its newest items from REST, kept current by the socket.
 *
 * The socket connects first and the list is read once it is in (so a bad token is still
 * reported by the handshake, and nothing can fall between the list and the live stream);
 * every later reconnect sends the greatest cursor seen, the last sync point (`inbox:synced`)
 * and how many it has above that (`auth` is a function), and the server replays what was
 * missed, also one that never arrived while later ones did. Items are merged by id, so a
 * replayed or re-listed one is never shown twice. `inbox:reset` (a cursor the server cannot
 * resume) reads the list again.
 *
 * `unread` is the server's count over the whole inbox (every type), plus the new pushes
 * since. When the next `inbox:unread` disagrees, something was read elsewhere (another tab,
 * or while this one was away): the read state is read again from REST.
 *
 * @param accept which items the page lists (the admin dashboard: orders); all are counted
 * @param max how many of them it keeps, newest first
 * @param onChange after anything the page shows changed: read list(), unread, loaded
 * @param onLive a live push the page lists (not one replayed after a reconnect): e.g. a toast
 * @param onProblem a sentence to show, or undefined once it no longer applies
 */
export function openInbox(token, { status, accept = () => true, max = 100, onChange, onLive = () => {}, onProblem = () => {}, onState, onEnded }) {
  const items = createInboxItems({ accept, max });
  let cursor; // the greatest seen: pushes from several servers arrive out of order
  let since; // the last inbox:synced: the server sent everything up to it
  let scope; // the last inbox:synced's: the reader's feeds it was given for
  let received = new Map(); // id -> position, above `since`, that came on its connection (pushed or listed)
  let early = new Map(); // what came on this connection before its inbox:synced
  let syncedNow = false; // this connection's inbox:synced came: its replay is over
  let overdue; // the newest the last check reported above the cursor: it should have come by the next
  let suspect = false; // the last check was not complete
  let sentCursor; // the one the current connection's handshake carried
  let replaying = false; // after a resuming handshake, until the count that ends the replay
  let unread;
  let loaded = false;
  let generation = 0; // bumped by a reset: a list read before it is stale
  let loading;
  let queued;
  let retry;
  let closed = false;

  const changed = () => closed || onChange();

  /** The newest items of every type, enough pages to hold `max` listed ones. */
  async function fetchLatest() {
    const fetched = [];
    let before;
    for (let page = 0, listed = 0; page < MAX_PAGES; page++) {
      const { items: batch, next } = await api.inbox(token, { limit: PAGE_SIZE, before });
      fetched.push(...batch);
      listed += batch.filter(accept).length;
      if (!next || listed >= max) break;
      before = next;
    }
    return fetched;
  }

  /** Reads the list and merges it (see items.listed). One read at a time; asks meanwhile coalesce into one more. */
  async function load(authoritative = false) {
    if (loading) {
      queued = { authoritative: authoritative || Boolean(queued?.authoritative) };
      return;
    }
    const at = generation;
    clearTimeout(retry);
    loading = (async () => {
      try {
        const fetched = await fetchLatest();
        const count = authoritative ? (await api.unreadCount(token)).count : undefined;
        if (closed || at !== generation) return; // reset meanwhile: its own load is queued
        items.listed(fetched, authoritative);
        if (count !== undefined) unread = count;
        for (const item of fetched) have(item);
        loaded = true;
        onProblem(undefined);
        changed();
      } catch (error) {
        if (closed) return;
        onProblem(`The inbox could not be read: ${describeError(error)}`);
        if (live.connected) retry = setTimeout(() => load(authoritative), RETRY_MS);
      }
    })();
    await loading;
    loading = undefined;
    if (queued && !closed) {
      const again = queued;
      queued = undefined;
      load(again.authoritative);
    }
  }

  /** Counts an item this page has from the sync point on, and keeps the greatest cursor. */
  function have({ id, cursor: at }) {
    if (!at) return;
    if (!syncedNow) early.set(id, position(at));
    else if (position(at) > position(since)) received.set(id, position(at));
    if (!cursor || position(at) > position(cursor)) cursor = at;
  }

  function onSynced({ cursor: at, scope: feeds }) {
    since = at;
    scope = feeds;
    syncedNow = true;
    overdue = undefined;
    suspect = false;
    // What came on this connection above the sync point counts, also before the sync point did;
    // not what came on an earlier one (under other roles it may not be in this inbox at all).
    received = new Map([...early].filter(([, p]) => p > position(at)));
    early = new Map();
    have({ cursor: at });
  }

  function onNotify(envelope) {
    have(envelope);
    if (!items.pushed(envelope)) return;
    if (unread !== undefined) unread += 1; // a new notification is an unread one
    if (!replaying && accept(envelope)) onLive(envelope);
    changed();
  }

  function onUnread({ count }) {
    const drifted = unread !== undefined && count !== unread;
    unread = count;
    replaying = false;
    changed();
    if (drifted) load();
  }

  function onReset() {
    generation += 1;
    replaying = false; // nothing is replayed after a reset; what follows is live
    cursor = since = unread = undefined;
    items.clear();
    loaded = false;
    changed();
    load();
  }

  const live = connectLive(token, {
    status,
    onState,
    handshake() {
      sentCursor = cursor;
      if (!cursor) return {};
      return since ? { cursor, since, received: received.size, scope } : { cursor };
    },
    onConnect() {
      syncedNow = false;
      early = new Map();
      replaying = Boolean(sentCursor);
      // Without a cursor nothing is replayed, so what came meanwhile is only in the list.
      if (!sentCursor || !loaded) load();
    },
    events: { notify: onNotify, 'inbox:synced': onSynced, 'inbox:unread': onUnread, 'inbox:reset': onReset },
    onEnded() {
      closed = true;
      clearTimeout(retry);
      clearInterval(checking);
      onEnded();
    },
  });

  /**
   * inbox:check: has this page everything up to its cursor? Yes moves the sync point up to it
   * (so a later replay is short). No twice in a row, or a newer one the last check reported
   * that has still not come, reconnects: the replay brings what never arrived.
   */
  async function check() {
    if (!live.connected || !syncedNow || !cursor) return;
    const [asked, from] = [cursor, since];
    try {
      const ack = await live.request('inbox:check', { cursor: asked, since: from, received: received.size, scope });
      if (!ack?.ok || since !== from) return; // refused (rate, expiry: handled elsewhere), or a reconnect synced meanwhile
      const late = overdue && position(cursor) < position(overdue);
      if (late || (!ack.complete && suspect)) return live.reconnect();
      suspect = !ack.complete; // once can be a push still on its way
      if (suspect) return;
      since = asked;
      received = new Map([...received].filter(([, at]) => at > position(asked)));
      overdue = ack.newest && position(ack.newest) > position(asked) ? ack.newest : undefined;
    } catch {
      // No answer in time: the next check asks again.
    }
  }
  const checking = setInterval(check, CHECK_MS);

  /** Marks some (ids) or all read: at once on the page, then on the server, which tells the user's other tabs. */
  async function markRead(ids) {
    if (!live.connected) return onProblem('Not connected: marking read needs the server. Try again once connected.');
    const all = ids === 'all';
    const dropped = items.markRead(ids);
    // So the server's count that follows matches and is not taken for a read elsewhere.
    if (unread !== undefined) unread = all ? 0 : Math.max(0, unread - dropped);
    changed();
    try {
      const ack = await live.request('inbox:read', all ? { all: true } : { ids });
      if (!ack?.ok) throw new Error(ack?.error?.message ?? 'refused');
    } catch (error) {
      if (closed) return;
      onProblem(`Could not mark as read: ${error.message}`);
      load(true);
    }
  }

  return {
    /** The listed items, newest first. */
    list: items.list,
    /** The unread count over the whole inbox; undefined until the server has said it. */
    get unread() {
      return unread;
    },
    /** Whether the list has been read from the server since sign-in (or the last reset). */
    get loaded() {
      return loaded;
    },
    get connected() {
      return live.connected;
    },
    markRead,
    close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(checking);
      live.close();
    },
  };
}
