import { Counter, type Registry } from 'prom-client';

interface Tally<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

/**
 * A Prometheus counter for hot paths: an increment is one addition to a plain number,
 * keyed by the caller; the tallies are handed to prom-client when it is scraped.
 * prom-client's own `inc` hashes its labels object on every call (bench W5: 2% of the
 * drain's CPU for three counters per message).
 */
export class TalliedCounter<L extends string> {
  private readonly tallies = new Map<string, Tally<L>>();

  constructor(config: { name: string; help: string; labelNames: readonly L[]; registers: Registry[] }) {
    const tallies = this.tallies;
    new Counter<L>({
      ...config,
      collect() {
        for (const tally of tallies.values()) {
          if (!tally.value) continue;
          this.inc(tally.labels, tally.value);
          tally.value = 0;
        }
      },
    });
  }

  /** Adds one to the series `labels`; `key` must name those labels uniquely (e.g. their values joined). */
  inc(key: string, labels: Partial<Record<L, string>>): void {
    const tally = this.tallies.get(key);
    if (tally) tally.value++;
    else this.tallies.set(key, { labels, value: 1 });
  }
}
