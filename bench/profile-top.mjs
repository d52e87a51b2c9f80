// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package and by function.
// node bench/profile-top.mjs <file.cpuprofile> [topN] [--filter=substring] [--from=us --to=us]
// --from/--to keep the samples taken in that window, in CLOCK_MONOTONIC microseconds (the clock of
// V8's profile timestamps and of the bench's nowUs(); W5 records firstUs/lastUs of each drain).
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const filter = arg('filter');
const [from, to] = [Number(arg('from') ?? -Infinity), Number(arg('to') ?? Infinity)];
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const top = Number(topArg ?? 25);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map();
let at = prof.startTime;
prof.samples.forEach((id, i) => {
  at += prof.timeDeltas[i] ?? 0;
  if (at >= from && at <= to) dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
const total = [...dt.values()].reduce((a, b) => a + b, 0);

const pkg = (url) => {
  if (!url) return '(native/idle)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.includes('/dist/libs/')) return 'product: libs';
  if (url.includes('/dist/src/')) return 'product: src';
  if (url.includes('/bench/')) return 'bench';
  return url.startsWith('node:') ? 'node core' : url;
};
const self = new Map(), perPkg = new Map();
for (const [id, t] of dt) {
  const n = byId.get(id);
  const cf = n.callFrame;
  if (filter && !`${cf.functionName} ${cf.url}`.includes(filter)) continue;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + t);
  const p = ['(idle)', '(program)', '(garbage collector)'].includes(cf.functionName) ? cf.functionName : pkg(cf.url);
  perPkg.set(p, (perPkg.get(p) ?? 0) + t);
}
const pct = (t) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
const busy = total - (perPkg.get('(idle)') ?? 0);
console.log(`total ${(total / 1e6).toFixed(1)} s sampled, busy ${(busy / 1e6).toFixed(1)} s\n-- self time by package --`);
for (const [k, t] of [...perPkg].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${(t / 1000).toFixed(0).padStart(7)} ms  ${k}`);
console.log('-- self time by function --');
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${(t / 1000).toFixed(0).padStart(7)} ms  ${k}`);
