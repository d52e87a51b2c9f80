import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 16 * 256;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;
let lastMs = -1;
let counter = 0;

/**
 * RFC 9562 UUIDv7: 48-bit ms timestamp, then a 12-bit counter (rand_a) so ids made
 * within one millisecond still sort in creation order, then random bits.
 */
export function uuidv7(now: number = Date.now()): string {
  if (poolOffset + 10 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const rand = pool.subarray(poolOffset, (poolOffset += 10));
  if (now > lastMs) {
    lastMs = now;
    counter = rand.readUInt16BE(0) & 0x3ff; // leave headroom for increments
  } else if (++counter > 0xfff) {
    lastMs += 1; // counter overflow: borrow the next millisecond, keeps order
    counter = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (rand[2] & 0x3f);
  rand.copy(bytes, 9, 3, 10);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
