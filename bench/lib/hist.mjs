// HDR histogram of latencies recorded in microseconds, summarised in milliseconds.
import * as hdr from 'hdr-histogram-js';

export function createHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

const ms = (us) => Math.round(us) / 1000;

/** { count, p50, p95, p99, p999, max, mean } in ms. */
export function summarize(h) {
  if (!h.totalCount) return { count: 0, p50: null, p95: null, p99: null, p999: null, max: null, mean: null };
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Monotonic microseconds, comparable across processes on one Linux host (CLOCK_MONOTONIC). */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);
