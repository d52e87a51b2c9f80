// W2: `total` connects with `inflight` pending, every 10th token bad; connect time per attempt.
import { createHistogram, nowUs, summarize } from '../lib/hist.mjs';
import { connectOne, runBounded } from './pool.mjs';

export async function handshakes({ url, tokens, total, inflight = 200, badEvery = 10 }) {
  const all = createHistogram();
  const good = createHistogram();
  const bad = createHistogram();
  const kept = [];
  let accepted = 0, rejected = 0, unexpected = 0;
  const errors = {};
  // Tokens are signed before the clock starts: the load must not pay for signing inside the window.
  const list = Array.from({ length: total }, (_, i) => ((i + 1) % badEvery === 0 ? { bad: true, t: tokens.bad(`h${i}`) } : { bad: false, t: tokens.user(`h${i}`) }));
  const t0 = nowUs();
  await runBounded(total, inflight, async (i) => {
    const { bad: isBad, t } = list[i];
    const r = await connectOne(url, t);
    all.recordValue(Math.max(1, r.us));
    (isBad ? bad : good).recordValue(Math.max(1, r.us));
    if (r.ok) { kept.push(r.socket); isBad ? unexpected++ : accepted++; }
    else {
      errors[r.error] = (errors[r.error] ?? 0) + 1;
      isBad && r.error === 'Unauthorized' ? rejected++ : unexpected++;
    }
  });
  const wallMs = (nowUs() - t0) / 1000;
  for (const s of kept) s.disconnect();
  return {
    total, accepted, rejected, unexpected, errors, wallMs: Math.round(wallMs),
    connectsPerSec: Math.round((total / wallMs) * 1000),
    all: summarize(all), good: summarize(good), bad: summarize(bad),
  };
}
