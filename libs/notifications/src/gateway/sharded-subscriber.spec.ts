import { randomBytes } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
import { ShardedSubscriber, type ShardedPubSubClient, type SubscriptionFailures } from './sharded-subscriber.js';

type Client = ReturnType<typeof createClient>;

/**
 * Against a real Redis: a room's channel left and joined again before Redis answers
 * the SUNSUBSCRIBE, as the sharded adapter does when a user's last socket on an
 * instance leaves and a new one joins at once.
 */
describe('ShardedSubscriber', () => {
  let subscriber: Client;
  let publisher: Client;
  const received: string[] = [];
  const retries: Error[] = []; // a connection lost mid-change is retried: redis-rejoin.e2e-spec.ts
  const refusals: Error[] = [];
  const failures: SubscriptionFailures = {
    isRedisError: (error) => error instanceof ErrorReply,
    retried: (error) => void retries.push(error),
    refused: (error) => void refusals.push(error),
  };
  const listener = (message: Buffer) => void received.push(message.toString());
  const channel = () => `test.sharded.${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    subscriber = createClient({ url: 'redis://127.0.0.1:6379' });
    publisher = createClient({ url: 'redis://127.0.0.1:6379' });
    await Promise.all([subscriber.connect(), publisher.connect()]);
  });
  beforeEach(() => void received.splice(0));
  afterEach(() => {
    expect(retries).toEqual([]);
    refusals.splice(0);
  });
  afterAll(async () => {
    await Promise.all([subscriber?.quit(), publisher?.quit()]);
  });

  /** Leaves and joins `name` in one go, the adapter's way; then Redis's view of it. */
  async function leaveAndJoin(via: ShardedPubSubClient, name: string): Promise<number> {
    await via.sSubscribe(name, listener, true);
    void via.sUnsubscribe(name); // the adapter names no listener
    void via.sSubscribe(name, listener, true);
    await subscriber.ping(); // Redis answers in order: both are answered now
    return (await publisher.sPublish(name, 'after')) as number;
  }

  it('stays subscribed when a channel is joined again before Redis answered the leave', async () => {
    const name = channel();
    expect(await leaveAndJoin(new ShardedSubscriber(subscriber as unknown as ShardedPubSubClient, failures), name)).toBe(1);
    await subscriber.ping();
    expect(received).toEqual(['after']);
    await subscriber.sUnsubscribe(name);
  });

  it('pins the node-redis behaviour it works around: the bare client loses that subscription', async () => {
    // If this fails, node-redis sends the SSUBSCRIBE itself now and ShardedSubscriber can go.
    const name = channel();
    expect(await leaveAndJoin(subscriber as unknown as ShardedPubSubClient, name)).toBe(0);
  });

  it('still leaves a channel, and leaves it for good, when no one joins again', async () => {
    const via = new ShardedSubscriber(subscriber as unknown as ShardedPubSubClient, failures);
    const name = channel();
    await via.sSubscribe(name, listener, true);
    await via.sUnsubscribe(name);
    expect(await publisher.sPublish(name, 'gone')).toBe(0);
    await via.sSubscribe(name, listener, true);
    expect(await publisher.sPublish(name, 'back')).toBe(1);
    await via.sUnsubscribe(name);
    await subscriber.ping();
    expect(received).toEqual(['back']);
  });

  it('reports a change Redis refuses (no permission for the channel) once, and does not ask again', async () => {
    // A Redis user of this test's own that may run every command but use no channel.
    const user = `test-sharded-${randomBytes(4).toString('hex')}`;
    await publisher.sendCommand(['ACL', 'SETUSER', user, 'on', 'nopass', '~*', 'resetchannels', '+@all']);
    const limited = createClient({ url: 'redis://127.0.0.1:6379', username: user, password: 'any' }); // nopass: any password
    await limited.connect();
    try {
      const via = new ShardedSubscriber(limited as unknown as ShardedPubSubClient, failures);
      await expect(via.sSubscribe(channel(), listener, true)).resolves.toBeUndefined(); // never rejects: the adapter ignores it
      await limited.ping(); // a retry would have been answered by now
      expect(refusals).toHaveLength(1);
      expect(refusals[0]!.message).toMatch(/NOPERM/);
    } finally {
      await limited.quit();
      await publisher.sendCommand(['ACL', 'DELUSER', user]);
    }
  });
});
