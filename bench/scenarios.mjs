// The five workloads, run by bench/run.mjs against one session (server + load + publisher).
import { nowUs } from './lib/hist.mjs';
import { sleep } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';
import { sysMeter } from './lib/sysstat.mjs';

const per = (bytes, n) => Math.round(bytes / n);
const pctOf = (ms, spanMs) => (spanMs ? Math.round((ms / spanMs) * 1000) / 10 : null);

/** W1: n authenticated idle sockets (user:<id> + role:user), settled, forced GC: bytes per connection. */
export async function w1Idle(s, { sockets, settleMs }) {
  const before = await s.mem();
  const c = await s.load.request({ cmd: 'connect', count: sockets, roles: ['user'], inflight: 200 }, 600_000);
  await sleep(settleMs);
  const health = await (await fetch(`${s.url}/health`)).json();
  const after = await s.mem();
  const n = health.sockets || c.connected;
  await s.load.request({ cmd: 'close' }, 60_000);
  return {
    sockets: n, failed: c.failed, connectSeconds: c.loadCpu.wallMs / 1000, loadCpuPct: c.loadCpu.cpuPct,
    before, after, rssPerConn: per(after.rss - before.rss, n), heapPerConn: per(after.heapUsed - before.heapUsed, n),
    externalPerConn: per(after.external - before.external, n),
  };
}

/** W2: handshakes at `inflight` pending, 10% bad tokens. */
export async function w2Handshakes(s, { total, inflight }) {
  const cpu = await s.serverCpu();
  const r = await s.load.request({ cmd: 'handshakes', total, inflight }, 600_000);
  return { ...r, serverCpuPct: await cpu.stop(), loadCpuPct: r.loadCpu.cpuPct };
}

/** One rate step: open-loop publish for durationMs, wait for every receipt, judge the step. */
async function rateStep(s, { rate, durationMs, users, run, p99LimitMs }) {
  await s.load.request({ cmd: 'track', run });
  await s.load.request({ cmd: 'cpuStart' });
  if (s.amqpProbe) await s.server.request({ cmd: 'amqpStats', reset: true });
  const cpu = await s.serverCpu();
  const sys = sysMeter();
  const pub = await s.pub.request({ cmd: 'rate', rate, durationMs, users, run }, durationMs + 60_000);
  const rec = await s.load.request({ cmd: 'collect', expected: pub.sent, lastSendUs: pub.lastSendUs, timeoutMs: 10_000 }, 30_000);
  const serverCpuPct = await cpu.stop();
  const amqp = s.amqpProbe ? await s.server.request({ cmd: 'amqpStats' }) : undefined;
  const { machineBusyPct, brokerCpuPct } = sys.stop();
  const load = await s.load.request({ cmd: 'cpuStop' });
  const backlog = pub.queueReadyAtEnd > 100 || rec.drainMs === null || rec.drainMs > 250;
  const held = rec.lost === 0 && rec.misrouted === 0 && !backlog && rec.latency.p99 < p99LimitMs && pub.achievedRate >= 0.95 * rate;
  return {
    rate, sent: pub.sent, achievedRate: pub.achievedRate, publisherLagMs: pub.maxLagMs, queueReadyAtEnd: pub.queueReadyAtEnd,
    received: rec.received, lost: rec.lost, misrouted: rec.misrouted, stale: rec.stale, drainMs: rec.drainMs, latency: rec.latency,
    backlog, held, serverCpuPct, loadCpuPct: load.cpuPct, publisherCpuPct: pub.pubCpu.cpuPct, brokerCpuPct, machineBusyPct,
    ...(amqp ? { amqp } : {}),
  };
}

/** W3: `users` connected, rates stepped up until one is not held (plus `extraAfterFail` more). */
export async function w3Pushes(s, { users, rates, durationMs, warmupMs, p99LimitMs = 50, extraAfterFail = 0 }) {
  const c = await s.load.request({ cmd: 'connect', count: users, roles: ['user'], inflight: 200 }, 600_000);
  if (c.failed) throw new Error(`W3: ${c.failed} sockets failed to connect (${c.firstError})`);
  await sleep(500);
  if (warmupMs) await rateStep(s, { rate: rates[0], durationMs: warmupMs, users, run: 0, p99LimitMs });
  const steps = [];
  let failures = 0;
  for (const [i, rate] of rates.entries()) {
    await sleep(500);
    const step = await rateStep(s, { rate, durationMs, users, run: i + 1, p99LimitMs });
    steps.push(step);
    if (!step.held && ++failures > extraAfterFail) break;
  }
  await s.load.request({ cmd: 'close' }, 60_000);
  const held = steps.filter((x) => x.held).map((x) => x.rate);
  return {
    users, steps, maxHeldRate: held.length ? Math.max(...held) : 0,
    lostTotal: steps.reduce((a, x) => a + x.lost, 0),
  };
}

let orderSeq = 0;
async function sendOrders(s, count, perOrder) {
  const ids = Array.from({ length: count }, () => `o${++orderSeq}`);
  await s.pub.request({ cmd: 'orders', ids });
  return s.load.request({ cmd: 'orders', orderIds: ids, perOrder, timeoutMs: 60_000 }, 90_000);
}

/** W4: `order.created` to role:admin with sizes[i] sockets: time to the last socket, deliveries/s. */
export async function w4Broadcast(s, { sizes, reps, burst }) {
  const out = [];
  let connected = 0;
  for (const size of sizes) {
    const c = await s.load.request({ cmd: 'connect', count: size - connected, start: connected, prefix: 'a', roles: ['admin'], inflight: 200 }, 600_000);
    if (c.failed) throw new Error(`W4: ${c.failed} sockets failed to connect (${c.firstError})`);
    connected = size;
    await sleep(1000);
    const single = [];
    for (let r = 0; r < reps; r++) {
      const { orders: [o] } = await sendOrders(s, 1, size);
      single.push(o);
      await sleep(200);
    }
    const lastMs = median(single.map((o) => o.lastMs));
    const cpu = await s.serverCpu();
    await s.load.request({ cmd: 'cpuStart' });
    const sys = sysMeter();
    const b = await sendOrders(s, burst, size);
    const { machineBusyPct, brokerCpuPct } = sys.stop();
    const serverCpuPct = await cpu.stop();
    const load = await s.load.request({ cmd: 'cpuStop' });
    const delivered = b.orders.reduce((a, o) => a + o.deliveries, 0);
    const spanUs = Math.max(...b.orders.map((o) => o.lastUs)) - Math.min(...b.orders.map((o) => o.sentAt));
    out.push({
      size, reps, lostSingle: single.reduce((a, o) => a + (size - o.deliveries), 0),
      firstMs: median(single.map((o) => o.firstMs)), lastMs, deliveriesPerSec: Math.round(size / (lastMs / 1000)),
      burst: { messages: burst, delivered, expected: burst * size, ms: Math.round(spanUs / 1000), deliveriesPerSec: Math.round(delivered / (spanUs / 1e6)), serverCpuPct, loadCpuPct: load.cpuPct, brokerCpuPct, machineBusyPct },
    });
  }
  await s.load.request({ cmd: 'close' }, 60_000);
  return { sizes: out };
}

/** Polls GET /health until the server counts `n` sockets (bounded). */
async function waitSockets(url, n, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = (await (await fetch(`${url}/health`)).json()).sockets;
    if (last === n) return;
    await sleep(50);
  }
  throw new Error(`server counts ${last} sockets, expected ${n}, after ${timeoutMs} ms`);
}

/**
 * W5, one round: drain a backlog queued while the consumer was away (as after a restart or a
 * deploy). The session is gated (bench/lib/broker-gate.mjs): the server is up and retrying, the
 * `sockets` users connect, `messages` user.followed (round-robin over the users) are queued and
 * confirmed with no consumer on the queue, then the gate opens and the server's next connection
 * attempt consumes the backlog. Deliveries/s from the first to the last receipt; server CPU from
 * just before the gate opens to the last receipt (so it includes the server's connection set-up and
 * its failed attempts while rabbitmqctl opens the gate, a few ms).
 */
export async function w5Drain(s, { sockets, messages, timeoutMs = 120_000 }) {
  const before = await s.mem();
  const c = await s.load.request({ cmd: 'connect', count: sockets, roles: ['user'], inflight: 200 }, 600_000);
  if (c.failed) throw new Error(`W5: ${c.failed} sockets failed to connect (${c.firstError})`);
  await waitSockets(s.url, sockets);
  const connected = await s.mem();
  const run = 1;
  const staged = await s.pub.request({ cmd: 'backlog', count: messages, users: sockets, run }, 120_000);
  if (staged.consumers !== 0 || staged.queued !== messages) {
    throw new Error(`W5: backlog not staged: ${staged.queued}/${messages} ready, ${staged.consumers} consumer(s) on the queue`);
  }
  await s.load.request({ cmd: 'track', run });
  await s.load.request({ cmd: 'cpuStart' });
  if (s.amqpProbe) await s.server.request({ cmd: 'amqpStats', reset: true });
  const sys = sysMeter();
  const cpu0 = await s.server.request({ cmd: 'cpu' });
  const openUs = nowUs();
  await s.gate.open();
  const rec = await s.load.request({ cmd: 'collect', expected: messages, timeoutMs }, timeoutMs + 30_000);
  const cpu1 = await s.server.request({ cmd: 'cpu' });
  const { machineBusyPct, brokerCpuPct } = sys.stop();
  const load = await s.load.request({ cmd: 'cpuStop' });
  const amqp = s.amqpProbe ? await s.server.request({ cmd: 'amqpStats' }) : undefined;
  const after = await s.mem();
  const depth = await s.pub.request({ cmd: 'depth' });
  const serverCpuMs = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1000;
  const spanMs = rec.lastUs && rec.firstUs ? (rec.lastUs - rec.firstUs) / 1000 : null;
  await s.load.request({ cmd: 'close' }, 60_000);
  return {
    sockets, messages, publishMs: staged.publishMs, received: rec.received, lost: rec.lost, misrouted: rec.misrouted, stale: rec.stale,
    queueReadyAfter: depth.messageCount, consumersAfter: depth.consumerCount, openUs, firstUs: rec.firstUs, lastUs: rec.lastUs,
    openToFirstMs: rec.firstUs ? Math.round((rec.firstUs - openUs) / 100) / 10 : null,
    drainMs: spanMs === null ? null : Math.round(spanMs * 10) / 10,
    deliveriesPerSec: spanMs ? Math.round(rec.received / (spanMs / 1000)) : null,
    serverCpuMs: Math.round(serverCpuMs), cpuMsPer1000: rec.received ? Math.round((serverCpuMs / rec.received) * 1000 * 10) / 10 : null,
    // CPU time over the metered window (gate open to last receipt), as a share of the drain span:
    // about 100% means that process was the bottleneck.
    serverCpuPct: pctOf(serverCpuMs, spanMs), loadCpuPct: pctOf(load.cpuMs, spanMs),
    brokerCpuPct: brokerCpuPct === null ? null : pctOf((brokerCpuPct / 100) * (cpu1.at - cpu0.at), spanMs), machineBusyPct,
    rssBefore: before.rss, rssConnected: connected.rss, rssPerConn: per(connected.rss - before.rss, sockets),
    heapPerConn: per(connected.heapUsed - before.heapUsed, sockets), rssAfter: after.rss, maxRss: after.maxRss,
    ...(amqp ? { amqp } : {}),
  };
}

/** Median of each numeric field over the rounds of one server kind. */
export function medianOfRounds(rounds) {
  const out = {};
  for (const k of Object.keys(rounds[0] ?? {}).filter((x) => !x.endsWith('Us'))) { // not the timestamps
    const xs = rounds.map((r) => r[k]).filter((v) => typeof v === 'number');
    // Losses add up over the rounds (a median would hide a round that lost some); the rest is the median.
    if (k === 'lost' || k === 'misrouted') out[k] = xs.reduce((x, y) => x + y, 0);
    else if (xs.length === rounds.length) out[k] = median(xs);
  }
  return out;
}
