import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { ShardedSubscriber, type ShardedPubSubClient } from './sharded-subscriber.js';

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
  const listener = (message: Buffer) => void received.push(message.toString());
  const channel = () => `test.sharded.${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    subscriber = createClient({ url: 'redis://127.0.0.1:6379' });
    publisher = createClient({ url: 'redis://127.0.0.1:6379' });
    await Promise.all([subscriber.connect(), publisher.connect()]);
  });
  beforeEach(() => void received.splice(0));
  afterEach(() => expect(retries).toEqual([]));
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
    expect(await leaveAndJoin(new ShardedSubscriber(subscriber as unknown as ShardedPubSubClient, (e) => retries.push(e)), name)).toBe(1);
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
    const via = new ShardedSubscriber(subscriber as unknown as ShardedPubSubClient, (e) => retries.push(e));
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
});
