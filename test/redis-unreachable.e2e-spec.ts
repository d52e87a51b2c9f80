import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp } from './helpers/test-app.js';

describe('REDIS_URL pointing at nothing', () => {
  it('stops start-up with a clear error instead of running as an isolated instance', async () => {
    const port = await TcpProxy.freePort(); // nothing listens there
    const started = Date.now();
    await expect(startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` }, 'no-redis')).rejects.toThrow(
      `Redis unreachable at redis://127.0.0.1:${port}`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
