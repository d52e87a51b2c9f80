import type { Socket } from 'socket.io';

export interface ClientRateLimit {
  /** Events a socket may send per second, sustained. */
  perSecond: number;
  /** Events it may send at once. */
  burst: number;
  /** Events refused in a row (no pause long enough to refill) before the socket is disconnected. */
  disconnectAfter: number;
}

interface Bucket {
  tokens: number;
  at: number;
  refused: number;
}

export type RateVerdict = 'ok' | 'limited' | 'abusive';

/**
 * A token bucket per socket for the events a client sends. Buckets are made on a
 * socket's first event and live as long as the socket (WeakMap): idle sockets cost nothing.
 */
export class ClientRateLimiter {
  private readonly buckets = new WeakMap<Socket, Bucket>();

  constructor(private readonly limit: ClientRateLimit) {}

  /** `cost`: how many events this one counts as (one that makes the server do more). */
  take(socket: Socket, cost = 1, now = Date.now()): RateVerdict {
    const { perSecond, burst, disconnectAfter } = this.limit;
    let bucket = this.buckets.get(socket);
    if (!bucket) this.buckets.set(socket, (bucket = { tokens: burst, at: now, refused: 0 }));
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      bucket.refused = 0;
      return 'ok';
    }
    return ++bucket.refused > disconnectAfter ? 'abusive' : 'limited';
  }
}
