// Turns results into the summary table (markdown), the W3 per-rate table and the target verdicts.
const f = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(d));
const kb = (b) => (b === undefined ? '–' : (b / 1024).toFixed(1));
const ratio = (a, b) => (a && b ? a / b : null);
/** W3: highest rate with every rate up to it held (strict), and the highest held at all. */
export function heldRates(steps) {
  let strict = 0;
  for (const s of steps) { if (!s.held) break; strict = s.rate; }
  const any = steps.filter((s) => s.held).map((s) => s.rate);
  return { strict, best: any.length ? Math.max(...any) : 0 };
}
const max = (...xs) => Math.max(...xs.filter((x) => typeof x === 'number'));

function row(metric, o, b, r, target, met, note = '') {
  return { metric, ours: o, baseline: b, ratio: r === null ? '–' : `${r.toFixed(2)}x`, target, met: met === null ? '–' : met ? 'met' : 'NOT met', note };
}

export function summaryRows(res) {
  const rows = [];
  const { w1, w2, w3, w4, w5 } = res.workloads;
  if (w1?.ours && w1?.baseline) {
    const [o, b] = [w1.ours, w1.baseline];
    const r = ratio(o.rssPerConn, b.rssPerConn);
    rows.push(row(`W1 RSS per idle socket (KiB), ${o.sockets} sockets`, kb(o.rssPerConn), kb(b.rssPerConn), r, '<= 1.1x', r <= 1.1, `load CPU ${f(max(o.loadCpuPct, b.loadCpuPct))}%`));
    const h = ratio(o.heapPerConn, b.heapPerConn);
    rows.push(row('W1 JS heap per idle socket (KiB)', kb(o.heapPerConn), kb(b.heapPerConn), h, '<= 1.1x', h <= 1.1));
  }
  if (w2?.ours && w2?.baseline) {
    const [o, b] = [w2.ours, w2.baseline];
    const r = ratio(o.connectsPerSec, b.connectsPerSec);
    const ko = w2['baseline-stringkey'];
    rows.push(row(`W2 connects/s (${o.total}, 200 in flight, 10% bad)`, o.connectsPerSec, b.connectsPerSec, r, '>= 0.9x', r >= 0.9,
      `server CPU ${f(o.serverCpuPct, 0)}% / ${f(b.serverCpuPct, 0)}%, load CPU ${f(o.loadCpuPct, 0)}% / ${f(b.loadCpuPct, 0)}%${ko ? `; baseline with a string secret: ${ko.connectsPerSec}/s` : ''}`));
    rows.push(row('W2 p99 connect time (ms)', f(o.all.p99), f(b.all.p99), ratio(o.all.p99, b.all.p99), 'report', null,
      `accepted ${o.accepted}/${b.accepted}, rejected ${o.rejected}/${b.rejected}, unexpected ${o.unexpected}/${b.unexpected}${ko ? `; string-secret baseline p99 ${f(ko.all.p99)} ms` : ''}`));
  }
  if (w3?.ours && w3?.baseline) {
    const [o, b] = [w3.ours, w3.baseline];
    const [ho, hb] = [heldRates(o.steps), heldRates(b.steps)];
    const r = ratio(ho.strict, hb.strict);
    rows.push(row(`W3 highest rate held, every lower rate held too (msg/s; p99<50ms, no backlog, 0 lost), ${o.users} users`, ho.strict, hb.strict, r, '>= 0.95x', r >= 0.95, `highest held at all: ${ho.best} / ${hb.best}`));
    const at = (x, rate) => x.steps.find((s) => s.rate === rate);
    const us = (s) => (s ? (s.serverCpuPct / 100) * 1e6 / s.achievedRate : null);
    const [uo, ub] = [us(at(o, 10_000)), us(at(b, 10_000))];
    if (uo && ub) rows.push(row('W3 server CPU per message at 10k msg/s (us)', f(uo), f(ub), ratio(uo, ub), 'report', null, `capacity ratio ~${f(ub / uo, 2)}x`));
    rows.push(row('W3 ours delivers >= 10k msg/s with p99 < 50 ms', at(o, 10_000)?.held ? 'yes' : 'no', at(b, 10_000)?.held ? 'yes' : 'no', null, '>= 10k/s', !!at(o, 10_000)?.held));
    const [o1, b1] = [o.steps[0], b.steps[0]];
    if (o1 && b1 && o1.rate === b1.rate) {
      const added = o1.latency.p99 - b1.latency.p99;
      rows.push(row(`W3 p50 / p99 at ${o1.rate} msg/s (ms)`, `${f(o1.latency.p50, 2)} / ${f(o1.latency.p99, 2)}`, `${f(b1.latency.p50, 2)} / ${f(b1.latency.p99, 2)}`, null, 'p99 added <= 2 ms', added <= 2, `added p99 ${f(added, 2)} ms`));
    }
    rows.push(row('W3 messages lost (all rates)', o.lostTotal, b.lostTotal, null, '0', o.lostTotal === 0 && b.lostTotal === 0));
  }
  if (w4?.ours && w4?.baseline) {
    w4.ours.sizes.forEach((o, i) => {
      const b = w4.baseline.sizes[i];
      if (!b) return;
      rows.push(row(`W4 role:admin ${o.size} sockets, time to last socket (ms, median)`, f(o.lastMs), f(b.lastMs), ratio(b.lastMs, o.lastMs), 'report', null, 'ratio = baseline/ours (higher is better)'));
      const r = ratio(o.burst.deliveriesPerSec, b.burst.deliveriesPerSec);
      rows.push(row(`W4 ${o.size} sockets x ${o.burst.messages} orders, deliveries/s`, o.burst.deliveriesPerSec, b.burst.deliveriesPerSec, r, '>= 0.95x and >= 10k/s', r >= 0.95 && o.burst.deliveriesPerSec >= 10_000,
        `delivered ${o.burst.delivered}/${o.burst.expected} and ${b.burst.delivered}/${b.burst.expected}; load CPU ${f(o.burst.loadCpuPct, 0)}% / ${f(b.burst.loadCpuPct, 0)}%, server CPU ${f(o.burst.serverCpuPct, 0)}% / ${f(b.burst.serverCpuPct, 0)}%`));
    });
  }
  if (w5?.ours && w5?.baseline) {
    const [o, b] = [w5.ours.median, w5.baseline.median];
    const n = w5.ours.rounds.length;
    const ab = w5['baseline-ackbatch']?.median;
    const r = ratio(o.deliveriesPerSec, b.deliveriesPerSec);
    rows.push(row(`W5 drain of ${o.messages} queued user.followed to ${o.sockets} sockets: deliveries/s (median of ${n})`, o.deliveriesPerSec, b.deliveriesPerSec, r, '>= 1.0x', r >= 1.0,
      `server CPU ${f(o.serverCpuPct, 0)}% / ${f(b.serverCpuPct, 0)}%, load CPU ${f(o.loadCpuPct, 0)}% / ${f(b.loadCpuPct, 0)}%, RabbitMQ ${f(o.brokerCpuPct, 0)}% / ${f(b.brokerCpuPct, 0)}%${ab ? `; baseline-ackbatch ${ab.deliveriesPerSec}/s` : ''}`));
    const c = ratio(o.cpuMsPer1000, b.cpuMsPer1000);
    rows.push(row('W5 server CPU per 1,000 deliveries (ms)', f(o.cpuMsPer1000), f(b.cpuMsPer1000), c, '<= 1.05x', c <= 1.05, ab ? `baseline-ackbatch ${f(ab.cpuMsPer1000)} ms` : ''));
    const lost = (k) => w5[k].rounds.reduce((a, x) => a + x.lost, 0);
    const mis = (k) => w5[k].rounds.reduce((a, x) => a + x.misrouted, 0);
    rows.push(row('W5 lost / misrouted (all rounds)', `${lost('ours')} / ${mis('ours')}`, `${lost('baseline')} / ${mis('baseline')}`, null, '0', lost('ours') + mis('ours') + lost('baseline') + mis('baseline') === 0));
    rows.push(row(`W5 RSS with ${o.sockets} sockets connected (MiB)`, f(o.rssConnected / 2 ** 20), f(b.rssConnected / 2 ** 20), ratio(o.rssConnected, b.rssConnected), 'report', null, `peak RSS through the drain ${f(o.maxRss / 2 ** 20)} / ${f(b.maxRss / 2 ** 20)} MiB`));
    rows.push(row('W5 RSS per connection (KiB)', kb(o.rssPerConn), kb(b.rssPerConn), ratio(o.rssPerConn, b.rssPerConn), 'report', null, `JS heap per connection ${kb(o.heapPerConn)} / ${kb(b.heapPerConn)} KiB`));
    for (const [kind, x] of Object.entries(w5).filter(([k]) => !['ours', 'baseline'].includes(k))) {
      const m = x.median;
      rows.push(row(`W5 ${kind} (experiment): deliveries/s; CPU ms per 1,000`, `${m.deliveriesPerSec}; ${f(m.cpuMsPer1000)}`, `${b.deliveriesPerSec}; ${f(b.cpuMsPer1000)}`, ratio(m.deliveriesPerSec, b.deliveriesPerSec), 'report', null, `CPU ratio ${f(ratio(m.cpuMsPer1000, b.cpuMsPer1000), 2)}x`));
    }
  }
  return rows;
}

/** W5: every round of every kind, then the medians. */
export function w5Rows(w5) {
  const rows = [];
  const one = (round, server, x) => ({
    round, server, dps: x.deliveriesPerSec, drain: f(x.drainMs, 0), cpu: f(x.cpuMsPer1000), cpuPct: `${f(x.serverCpuPct, 0)}% / ${f(x.loadCpuPct, 0)}% / ${f(x.brokerCpuPct, 0)}%`,
    busy: `${f(x.machineBusyPct, 0)}%`, lost: `${x.lost ?? '–'} / ${x.misrouted ?? '–'}`, rss: f(x.rssConnected / 2 ** 20), perConn: kb(x.rssPerConn), peak: f(x.maxRss / 2 ** 20), first: f(x.openToFirstMs, 0),
  });
  const kinds = Object.keys(w5);
  const n = Math.max(...kinds.map((k) => w5[k].rounds.length));
  for (let i = 0; i < n; i++) for (const k of kinds) if (w5[k].rounds[i]) rows.push(one(i + 1, k, w5[k].rounds[i]));
  for (const k of kinds) rows.push(one('median', k, w5[k].median));
  return rows;
}

export const W5_COLS = [['round', 'Round'], ['server', 'Server'], ['dps', 'Deliveries/s'], ['drain', 'First to last ms'], ['cpu', 'Server CPU ms per 1,000'], ['cpuPct', 'CPU server / load / RabbitMQ'], ['busy', 'Machine busy'], ['lost', 'Lost / misrouted'], ['rss', 'RSS connected MiB'], ['perConn', 'RSS per conn KiB'], ['peak', 'Peak RSS MiB'], ['first', 'Gate open to first ms']];

export function markdownTable(rows, cols) {
  const head = `| ${cols.map((c) => c[1]).join(' | ')} |\n|${cols.map(() => '---').join('|')}|`;
  return [head, ...rows.map((r) => `| ${cols.map(([k]) => String(r[k] ?? '')).join(' | ')} |`)].join('\n');
}

export const SUMMARY_COLS = [['metric', 'Metric'], ['ours', 'Ours (Nest)'], ['baseline', 'Baseline'], ['ratio', 'Ratio'], ['target', 'Target'], ['met', 'Result'], ['note', 'Notes']];

export function w3Rows(w3) {
  const rates = [...new Set(Object.values(w3).flatMap((x) => x.steps.map((s) => s.rate)))].sort((a, b) => a - b);
  const rows = [];
  for (const rate of rates) {
    for (const [server, r] of Object.entries(w3)) {
      const s = r.steps.find((x) => x.rate === rate);
      if (!s) continue;
      rows.push({ rate, server, p50: f(s.latency.p50, 2), p95: f(s.latency.p95, 2), p99: f(s.latency.p99, 2), max: f(s.latency.max, 1),
        usPerMsg: f((s.serverCpuPct / 100) * 1e6 / s.achievedRate, 1), sent: s.sent, achieved: s.achievedRate, lost: s.lost, drain: f(s.drainMs), held: s.held ? 'yes' : 'no', cpu: `${f(s.serverCpuPct, 0)}% / ${f(s.loadCpuPct, 0)}% / ${f(s.publisherCpuPct, 0)}% / ${f(s.brokerCpuPct, 0)}%`, busy: `${f(s.machineBusyPct, 0)}%` });
    }
  }
  return rows;
}

export const W3_COLS = [['rate', 'Rate'], ['server', 'Server'], ['p50', 'p50 ms'], ['p95', 'p95 ms'], ['p99', 'p99 ms'], ['max', 'max ms'], ['usPerMsg', 'Server CPU us/msg'], ['sent', 'Sent'], ['achieved', 'Achieved/s'], ['lost', 'Lost'], ['drain', 'Drain ms'], ['held', 'Held'], ['cpu', 'CPU server / load / publisher / RabbitMQ'], ['busy', 'Machine busy']];

/** One row per server kind and workload, experiments included: the headline numbers side by side. */
export function kindRows(res) {
  const rows = [];
  const { w1, w2, w3, w4, w5 } = res.workloads;
  for (const [kind, r] of Object.entries(w1 ?? {})) rows.push({ w: 'W1', kind, value: `${kb(r.rssPerConn)} KiB RSS, ${kb(r.heapPerConn)} KiB heap per socket`, detail: `${r.sockets} sockets, connected in ${f(r.connectSeconds)} s` });
  for (const [kind, r] of Object.entries(w2 ?? {})) rows.push({ w: 'W2', kind, value: `${r.connectsPerSec} connects/s, p50 ${f(r.all.p50)} ms, p99 ${f(r.all.p99)} ms`, detail: `server CPU ${f(r.serverCpuPct, 0)}%, load CPU ${f(r.loadCpuPct, 0)}%, ${r.accepted} accepted / ${r.rejected} rejected / ${r.unexpected} unexpected` });
  for (const [kind, r] of Object.entries(w3 ?? {})) {
    const at = (rate) => r.steps.find((s) => s.rate === rate);
    const us = (s) => (s ? f((s.serverCpuPct / 100) * 1e6 / s.achievedRate, 1) : '–');
    const h = heldRates(r.steps);
    rows.push({ w: 'W3', kind, value: `held up to ${h.strict} msg/s strictly, ${h.best} at best; p99 ${f(at(1000)?.latency.p99, 2)} ms at 1k`, detail: `server CPU per message ${us(at(5000))} us at 5k, ${us(at(10_000))} us at 10k; RabbitMQ CPU at 10k ${f(at(10_000)?.brokerCpuPct, 0)}%; lost ${r.lostTotal}` });
  }
  for (const [kind, r] of Object.entries(w4 ?? {})) rows.push({ w: 'W4', kind, value: r.sizes.map((s) => `${s.size}: last socket ${f(s.lastMs)} ms, burst ${s.burst.deliveriesPerSec}/s`).join('; '), detail: r.sizes.map((s) => `server CPU ${f(s.burst.serverCpuPct, 0)}%, load ${f(s.burst.loadCpuPct, 0)}%`).join('; ') });
  for (const [kind, { median: m, rounds }] of Object.entries(w5 ?? {})) rows.push({ w: 'W5', kind, value: `drain ${m.deliveriesPerSec} deliveries/s, ${f(m.cpuMsPer1000)} ms CPU per 1,000`, detail: `median of ${rounds.length}; ${m.sockets} sockets, ${m.messages} messages; server CPU ${f(m.serverCpuPct, 0)}%, load ${f(m.loadCpuPct, 0)}%; RSS ${f(m.rssConnected / 2 ** 20)} MiB connected` });
  return rows;
}

export const KIND_COLS = [['w', 'Workload'], ['kind', 'Server'], ['value', 'Result'], ['detail', 'Detail']];
