import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
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

describe('a Redis user that may not use the channels (sharded adapter)', () => {
  it('logs each refused room once, without the room, and keeps serving', async () => {
    const user = `test-nochannels-${randomBytes(4).toString('hex')}`;
    const admin = createClient({ url: 'redis://127.0.0.1:6379' });
    await admin.connect();
    await admin.sendCommand(['ACL', 'SETUSER', user, 'on', 'nopass', '~*', 'resetchannels', '+@all']);
    let t: TestApp | undefined;
    try {
      const prefix = `test.nochannels.${randomBytes(4).toString('hex')}`;
      t = await startTestApp({ REDIS_URL: `redis://${user}:any@127.0.0.1:6379`, REDIS_ADAPTER: 'sharded', REDIS_CHANNEL_PREFIX: prefix }, 'redis-nochannels');
      const refusals = () => t!.logger.lines.filter((line) => line.includes('Redis refused a room subscription change'));
      // Each handshake waits for Redis to answer its new rooms: their refusals are in once it
      // connects, and a retry loop would show as thousands more.
      const atStart = refusals().length; // each namespace's own two channels
      expect(atStart).toBeGreaterThanOrEqual(2);
      await connectSocket(t.url, t.tokens.user('alice-7f3e'));
      expect(refusals().length - atStart).toBe(2); // user:alice-7f3e and role:user
      await connectSocket(t.url, t.tokens.user('bob-7f3e'));
      expect(refusals().length - atStart).toBe(3); // and user:bob-7f3e
      expect(refusals().join('\n')).toMatch(/NOPERM/);
      expect(t.logger.lines.join('\n')).not.toMatch(/alice-7f3e|bob-7f3e/);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    } finally {
      closeAllSockets();
      await t?.close();
      await admin.sendCommand(['ACL', 'DELUSER', user]);
      await admin.quit();
    }
  });
});
