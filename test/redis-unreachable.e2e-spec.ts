import { randomBytes } from 'node:crypto';
import { NotificationsService } from '#notifications';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

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

describe('Redis going away while the instance runs (sharded adapter)', () => {
  it('still accepts a new user in under 2.5 s (the subscription wait is bounded); its push arrives once Redis is back', async () => {
    const proxy = new TcpProxy(await TcpProxy.freePort(), { host: '127.0.0.1', port: 6379 });
    const prefix = `test.redis-away.${randomBytes(4).toString('hex')}`;
    let t: TestApp | undefined;
    try {
      await proxy.start();
      t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_ADAPTER: 'sharded', REDIS_CHANNEL_PREFIX: prefix }, 'redis-away');
      await connectSocket(t.url, t.tokens.user('before'));
      await proxy.stop(); // every connection to Redis cut, new ones refused
      const started = Date.now();
      // A new user makes the instance subscribe to a new room: the handshake must not wait for Redis.
      const late = await connectSocket(t.url, t.tokens.user('during'), {}, 4000);
      expect(Date.now() - started).toBeLessThan(2500);
      const pushed = waitForNotify(late, 'queued', 15_000);
      // The adapter publishes before it delivers: node-redis holds the publish until Redis is back.
      const sent = t.app.get(NotificationsService).toUser('during', 'queued');
      await proxy.start();
      expect((await pushed).id).toBe((await sent).id);
    } finally {
      closeAllSockets();
      await t?.close();
      await proxy.stop();
    }
  });
});
