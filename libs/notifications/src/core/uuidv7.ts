import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;
let lastMs = -1;
let counter = 0;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Next random byte from a pool refilled in bulk (one syscall per ~1,600 ids). */
function randomByte(): number {
  if (poolOffset === POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}

/**
 * RFC 9562 UUIDv7: 48-bit ms timestamp, then a 12-bit counter (rand_a) so ids made
 * within one millisecond still sort in creation order, then random bits. Built as a
 * string directly: it runs once per push.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = ((randomByte() << 8) | randomByte()) & 0x3ff; // leave headroom for increments
  } else if (++counter > 0xfff) {
    lastMs += 1; // counter overflow: borrow the next millisecond, keeps order
    counter = 0;
  }
  const ms = lastMs.toString(16).padStart(12, '0');
  let tail = HEX[0x80 | (randomByte() & 0x3f)] + HEX[randomByte()] + '-';
  for (let i = 0; i < 6; i++) tail += HEX[randomByte()];
  const rand = (0x7000 | counter).toString(16);
  return `${ms.slice(0, 8)}-${ms.slice(8)}-${rand}-${tail}`;
}
