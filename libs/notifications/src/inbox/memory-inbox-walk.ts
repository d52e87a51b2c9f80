import type { MemoryFeed, MemoryRecord } from './memory-feed.js';

/** Return false to stop the walk. */
export type Visit = (record: MemoryRecord) => boolean;

// A k-way merge over the reader's few feeds: each feed is already sorted, so a reader
// pays for the entries it reads, not for the size of the feeds. A notification in two
// of the reader's feeds comes out twice in a row and is visited once.

/** Visits the inbox entries above `after`, oldest first. */
export function walkAscending(feeds: readonly MemoryFeed[], after: number, visit: Visit): void {
  const cursors = feeds.map((feed) => feed.firstAfter(after));
  let last: MemoryRecord | undefined;
  for (;;) {
    let best = -1;
    let bestPosition = Infinity;
    for (let i = 0; i < feeds.length; i++) {
      if (cursors[i] >= feeds[i].size) continue;
      const position = feeds[i].at(cursors[i]).notification.position;
      if (position < bestPosition) {
        best = i;
        bestPosition = position;
      }
    }
    if (best < 0) return;
    const record = feeds[best].at(cursors[best]++);
    if (record === last) continue;
    last = record;
    if (!visit(record)) return;
  }
}

/** Visits the inbox entries below `before`, newest first. */
export function walkDescending(feeds: readonly MemoryFeed[], before: number, visit: Visit): void {
  const cursors = feeds.map((feed) => feed.firstAfter(before - 1) - 1);
  let last: MemoryRecord | undefined;
  for (;;) {
    let best = -1;
    let bestPosition = -Infinity;
    for (let i = 0; i < feeds.length; i++) {
      if (cursors[i] < 0) continue;
      const position = feeds[i].at(cursors[i]).notification.position;
      if (position > bestPosition) {
        best = i;
        bestPosition = position;
      }
    }
    if (best < 0) return;
    const record = feeds[best].at(cursors[best]--);
    if (record === last) continue;
    last = record;
    if (!visit(record)) return;
  }
}
