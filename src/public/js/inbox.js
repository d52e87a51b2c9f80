// The package's client entry (@nest-notify/notifications/client), served by the demo from its build.
import { InboxResume } from './client/index.js';
import { api, describeError } from './api.js';
import { createInboxItems } from './inbox-items.js';
import { connectLive } from './live-connection.js';

const PAGE_SIZE = 100; // the server's maximum
const MAX_PAGES = 5; // enough to fill a filtered list (admin: orders only) without walking a whole inbox
const RETRY_MS = 5000;
// How often a connected page asks whether a push never reached it (a Redis outage between servers).
// A page (or a test) may set window.NOTIFICATIONS_CHECK_MS before this module loads.
const CHECK_MS = Number(globalThis.NOTIFICATIONS_CHECK_MS) || 60_000;

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
  const resume = new InboxResume(); // the cursor, the sync point and what came after it
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
        for (const item of fetched) resume.seen(item);
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

  function onNotify(envelope) {
    resume.seen(envelope);
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
    resume.reset();
    unread = undefined;
    items.clear();
    loaded = false;
    changed();
    load();
  }

  const live = connectLive(token, {
    status,
    onState,
    handshake() {
      sentCursor = resume.cursor;
      return resume.handshake();
    },
    onConnect() {
      resume.connected();
      replaying = Boolean(sentCursor);
      // Without a cursor nothing is replayed, so what came meanwhile is only in the list.
      if (!sentCursor || !loaded) load();
    },
    events: { notify: onNotify, 'inbox:synced': (point) => resume.synced(point), 'inbox:unread': onUnread, 'inbox:reset': onReset },
    onEnded() {
      closed = true;
      clearTimeout(retry);
      clearInterval(checking);
      onEnded();
    },
  });

  /** inbox:check: has this page everything up to its cursor? InboxResume says when to reconnect for the replay. */
  async function check() {
    const request = live.connected ? resume.checkRequest() : undefined;
    if (!request) return;
    try {
      const ack = await live.request('inbox:check', request);
      if (ack && resume.checked(request, ack) === 'reconnect') live.reconnect();
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
