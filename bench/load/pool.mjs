// Socket.IO client pool of the load process: batched connects, receipt tracking for W3/W4.
import { io } from 'socket.io-client';
import { createHistogram, nowUs, summarize } from '../lib/hist.mjs';

const sockets = [];

/** One connection of its own (forceNew), websocket only, no reconnection. Resolves, never rejects. */
export function connectOne(url, token, timeoutMs = 20_000) {
  const t0 = nowUs();
  return new Promise((resolve) => {
    const socket = io(`${url}/notifications`, {
      transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs, auth: { token },
    });
    socket.once('connect', () => { socket.off('connect_error'); resolve({ ok: true, socket, us: nowUs() - t0 }); });
    socket.once('connect_error', (err) => {
      socket.off('connect');
      socket.close();
      resolve({ ok: false, error: err?.message ?? String(err), us: nowUs() - t0 });
    });
  });
}

/** Runs fn(i) for i in [0,total) with at most `inflight` pending. */
export async function runBounded(total, inflight, fn) {
  let next = 0;
  const worker = async () => { while (next < total) await fn(next++); };
  await Promise.all(Array.from({ length: Math.min(inflight, total) }, worker));
}

// --- receipt tracking -------------------------------------------------------
let followed = newFollowed(-1);
const orders = new Map(); // orderId -> { n, lastUs, sentAt }

function newFollowed(run) {
  return { run, hist: createHistogram(), received: 0, stale: 0, misrouted: 0, firstUs: 0, lastUs: 0 };
}

function onNotify(env) {
  const t = nowUs();
  const d = env?.data;
  if (env?.type === 'user.followed') {
    if (d.run !== followed.run) { followed.stale++; return; }
    if (d.followeeId !== this.benchUser) followed.misrouted++;
    followed.hist.recordValue(Math.max(1, t - d.sentAt));
    followed.received++;
    if (!followed.firstUs) followed.firstUs = t;
    followed.lastUs = t;
  } else if (env?.type === 'order.created') {
    let o = orders.get(d.orderId);
    if (!o) orders.set(d.orderId, (o = { n: 0, firstUs: t, lastUs: 0, sentAt: d.sentAt }));
    o.n++;
    o.lastUs = t;
  }
}

/**
 * Connects `count` sockets with ids `${prefix}${start+i}` and the given roles; keeps them.
 * With `urls` (the cluster bench), socket i goes to urls[(start+i) % urls.length].
 */
export async function connectMany({ url, urls, tokens, count, start = 0, prefix = 'u', roles = ['user'], inflight = 200 }) {
  let failed = 0;
  let firstError;
  await runBounded(count, inflight, async (i) => {
    const id = `${prefix}${start + i}`;
    const r = await connectOne(urls ? urls[(start + i) % urls.length] : url, tokens.user(id, roles));
    if (!r.ok) { failed++; firstError ??= r.error; return; }
    r.socket.benchUser = id;
    r.socket.on('notify', onNotify);
    sockets.push(r.socket);
  });
  return { connected: sockets.length, failed, firstError };
}

export async function closeAll() {
  const n = sockets.length;
  for (const s of sockets.splice(0)) s.disconnect();
  return { closed: n };
}

export function trackFollowed(run) {
  followed = newFollowed(run);
  return {};
}

/** Waits until `expected` user.followed receipts (or timeout), then summarises. */
export async function collectFollowed({ expected, timeoutMs = 10_000, lastSendUs }) {
  const deadline = Date.now() + timeoutMs;
  while (followed.received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const f = followed;
  return {
    received: f.received, lost: Math.max(0, expected - f.received), stale: f.stale, misrouted: f.misrouted,
    latency: summarize(f.hist), drainMs: lastSendUs && f.lastUs ? Math.round((f.lastUs - lastSendUs) / 100) / 10 : null,
    firstUs: f.firstUs, lastUs: f.lastUs,
  };
}

/** Waits until each order reached `perOrder` sockets; per order: deliveries, ms to first/last socket. */
export async function collectOrders({ orderIds, perOrder, timeoutMs = 30_000 }) {
  const deadline = Date.now() + timeoutMs;
  const done = () => orderIds.every((id) => (orders.get(id)?.n ?? 0) >= perOrder);
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const out = orderIds.map((id) => {
    const o = orders.get(id) ?? { n: 0, firstUs: 0, lastUs: 0, sentAt: 0 };
    orders.delete(id);
    return { orderId: id, deliveries: o.n, sentAt: o.sentAt, firstUs: o.firstUs, lastUs: o.lastUs,
      firstMs: o.n ? (o.firstUs - o.sentAt) / 1000 : null, lastMs: o.n ? (o.lastUs - o.sentAt) / 1000 : null };
  });
  return { orders: out };
}
