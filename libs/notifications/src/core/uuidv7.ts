import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let poolHex = ''; // the pool as hex, made once per refill
let poolOffset = POOL_SIZE;
let lastMs = -1;
let counter = 0;
let prefixMs = -1;
let prefix = ''; // "tttttttt-tttt-7" for prefixMs
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DIGITS = '0123456789abcdef';

/** Refills the random pool in bulk (one syscall per ~1,600 ids). */
function refill(): void {
  randomFillSync(pool);
  poolHex = pool.toString('hex');
  poolOffset = 0;
}

/** Next random byte from the pool. */
function randomByte(): number {
  if (poolOffset === POOL_SIZE) refill();
  return pool[poolOffset++];
}

/** `n` random bytes from the pool, as 2n hex digits (a slice of the pool's hex string). */
function randomHex(n: number): string {
  if (poolOffset + n > POOL_SIZE) refill();
  const hex = poolHex.slice(poolOffset * 2, (poolOffset + n) * 2);
  poolOffset += n;
  return hex;
}

/**
 * RFC 9562 UUIDv7: 48-bit ms timestamp, then a 12-bit counter (rand_a) so ids made
 * within one millisecond still sort in creation order, then random bits. Built as a
 * string directly: it runs once per push. The timestamp part is formatted once per
 * millisecond and the random tail is sliced from the pool's hex (bench W5: a backlog
 * drain makes several ids per millisecond).
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = ((randomByte() << 8) | randomByte()) & 0x3ff; // leave headroom for increments
  } else if (++counter > 0xfff) {
    lastMs += 1; // counter overflow: borrow the next millisecond, keeps order
    counter = 0;
  }
  if (lastMs !== prefixMs) {
    const ms = lastMs.toString(16).padStart(12, '0');
    prefix = `${ms.slice(0, 8)}-${ms.slice(8)}-7`;
    prefixMs = lastMs;
  }
  const variant = HEX[0x80 | (randomByte() & 0x3f)];
  const tail = randomHex(7);
  return `${prefix}${DIGITS[counter >> 8]}${HEX[counter & 0xff]}-${variant}${tail.slice(0, 2)}-${tail.slice(2)}`;
}
