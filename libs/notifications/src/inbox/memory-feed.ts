import type { StoredNotification } from './notification-store.interface.js';

/** One stored notification of the memory store, shared by every feed it is in. */
export interface MemoryRecord {
  readonly notification: StoredNotification;
  /** `createdAt` parsed, on the first sweep that looks at it (appends never pay for it). */
  createdAtMs?: number;
  readonly key: string | undefined;
  /** How many feeds still hold it; at 0 it is forgotten, key included. */
  feeds: number;
}

// Dropping from the front only moves `start`; the dead prefix is cut off once it is
// large, so trimming stays O(1) amortised.
const COMPACT_AT = 1024;

/** A feed's entries, positions ascending. */
export class MemoryFeed {
  private items: MemoryRecord[] = [];
  private start = 0;
  /** The highest position retention ever removed from this feed. */
  trimmedUpto = 0;

  get size(): number {
    return this.items.length - this.start;
  }

  /** Entry `i` counted from the oldest one kept. */
  at(i: number): MemoryRecord {
    return this.items[this.start + i];
  }

  oldest(): MemoryRecord | undefined {
    return this.size ? this.items[this.start] : undefined;
  }

  newest(): MemoryRecord | undefined {
    return this.size ? this.items[this.items.length - 1] : undefined;
  }

  /** Adds the newest entry; false when it is already the newest (a draft naming a feed twice). */
  push(record: MemoryRecord): boolean {
    if (this.newest() === record) return false;
    this.items.push(record);
    return true;
  }

  dropOldest(): MemoryRecord {
    const record = this.items[this.start];
    this.items[this.start++] = undefined as unknown as MemoryRecord;
    this.trimmedUpto = Math.max(this.trimmedUpto, record.notification.position);
    if (this.start >= COMPACT_AT && this.start * 2 >= this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return record;
  }

  /** Index of the first entry with a position above `after` (`size` when none). */
  firstAfter(after: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.at(mid).notification.position > after) high = mid;
      else low = mid + 1;
    }
    return low;
  }

}
