import type { Socket } from 'socket.io';
import { ClientRateLimiter } from './client-rate-limiter.js';

const socket = () => ({}) as Socket;

describe('ClientRateLimiter', () => {
  const limiter = () => new ClientRateLimiter({ perSecond: 20, burst: 40, disconnectAfter: 100 });

  it('lets a burst through, then limits, then refills at the sustained rate', () => {
    const rl = limiter();
    const s = socket();
    const verdicts = Array.from({ length: 41 }, () => rl.take(s, 1, 1000));
    expect(verdicts.filter((v) => v === 'ok')).toHaveLength(40);
    expect(verdicts[40]).toBe('limited');
    expect(rl.take(s, 1, 1049)).toBe('limited'); // 49 ms at 20/s is not quite one token
    expect(rl.take(s, 1, 1050)).toBe('ok');
    expect(rl.take(s, 1, 1050)).toBe('limited');
  });

  it('calls a socket abusive after too many refusals in a row, and forgives after a pause', () => {
    const rl = limiter();
    const s = socket();
    for (let i = 0; i < 40; i++) rl.take(s, 1, 0);
    const verdicts = Array.from({ length: 101 }, () => rl.take(s, 1, 0));
    expect(verdicts.at(-2)).toBe('limited');
    expect(verdicts.at(-1)).toBe('abusive');
    expect(rl.take(s, 1, 1000)).toBe('ok');
    expect(rl.take(s, 1, 1000)).toBe('ok');
  });

  it('takes more for a costlier event: 4 of cost 10 from a burst of 40, then one per half second', () => {
    const rl = limiter();
    const s = socket();
    const verdicts = Array.from({ length: 5 }, () => rl.take(s, 10, 0));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'limited']);
    expect(rl.take(s, 10, 499)).toBe('limited');
    expect(rl.take(s, 10, 500)).toBe('ok');
    expect(rl.take(s, 1, 500)).toBe('limited'); // the same bucket as every other event
  });

  it('keeps one bucket per socket', () => {
    const rl = limiter();
    const [a, b] = [socket(), socket()];
    for (let i = 0; i < 40; i++) rl.take(a, 1, 0);
    expect(rl.take(a, 1, 0)).toBe('limited');
    expect(rl.take(b, 1, 0)).toBe('ok');
  });
});
