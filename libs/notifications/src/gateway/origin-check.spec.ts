import type { IncomingMessage } from 'node:http';
import { originCheck } from './origin-check.js';

const request = (origin?: string, host = 'gateway.test:3000') =>
  ({ headers: origin === undefined ? { host } : { origin, host } }) as IncomingMessage;
const decide = (check: ReturnType<typeof originCheck>, origin?: string) =>
  new Promise<[string | null | undefined, boolean]>((resolve) => check!(request(origin), (err, ok) => resolve([err, ok])));

describe('originCheck', () => {
  it('lets listed origins and requests without Origin through, exact matches only', async () => {
    const check = originCheck(['https://app.test']);
    expect(await decide(check, 'https://app.test')).toEqual([null, true]);
    expect(await decide(check, undefined)).toEqual([null, true]);
    expect(await decide(check, 'https://app.test/')).toEqual(['Origin not allowed', false]);
    expect(await decide(check, 'https://evil.test')).toEqual(['Origin not allowed', false]);
  });

  it("lets the server's own pages through (Origin host = Host), and nothing that merely contains it", async () => {
    const check = originCheck(['https://app.test']);
    expect(await decide(check, 'http://gateway.test:3000')).toEqual([null, true]);
    expect(await decide(check, 'https://GATEWAY.test:3000')).toEqual([null, true]);
    for (const origin of ['http://gateway.test', 'http://gateway.test:3000.evil.test', 'http://evil.test/gateway.test:3000', 'ftp://gateway.test:3000']) {
      expect(await decide(check, origin)).toEqual(['Origin not allowed', false]);
    }
  });

  it('refuses "null" even when it is listed', async () => {
    expect(await decide(originCheck(['null', 'https://app.test']), 'null')).toEqual(['Origin not allowed', false]);
  });

  it("runs the host's own allowRequest after the origin check, and alone when no origins are listed", async () => {
    const calls: string[] = [];
    const host = (req: IncomingMessage, callback: (err: string | null, ok: boolean) => void) => {
      calls.push(String(req.headers.origin));
      callback('host says no', false);
    };
    expect(await decide(originCheck(['https://app.test'], host), 'https://evil.test')).toEqual(['Origin not allowed', false]);
    expect(await decide(originCheck(['https://app.test'], host), 'https://app.test')).toEqual(['host says no', false]);
    expect(originCheck([], host)).toBe(host);
    expect(originCheck([])).toBeUndefined();
    expect(calls).toEqual(['https://app.test']);
  });
});
