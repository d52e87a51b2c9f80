// Small statistics shared by the workloads and the cluster bench.

/** The median of the numbers in `xs` (others ignored): the middle one, or the mean of the two middle ones; null when none. */
export function median(xs) {
  const a = xs.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((x, y) => x - y);
  if (!a.length) return null;
  const mid = a.length >> 1;
  return a.length % 2 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

export const round1 = (x) => Math.round(x * 10) / 10;
