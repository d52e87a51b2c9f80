import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGES } from '../notifications.constants.js';
import { NotificationsConfigError } from '../notifications.errors.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { ShardedSubscriber, type ShardedPubSubClient } from './sharded-subscriber.js';

interface RedisClient {
  connect(): Promise<unknown>;
  quit(): Promise<unknown>;
  ping(): Promise<unknown>;
  readonly isReady: boolean;
  destroy(): void;
  on(event: 'error', fn: (e: Error) => void): unknown;
}
type AdapterFactory = (nsp: unknown) => unknown;

const CONNECT_TIMEOUT_MS = 5000;
/** Longest a handshake waits for Redis to confirm a new room's subscription. */
const SUBSCRIBE_CONFIRM_MS = 1000;
/** Upper bound on how long a stream reader outlives shutdown. */
const BLOCK_MS = 1000;

/**
 * The optional Redis link that lets several gateway instances share rooms. Two
 * engines: Socket.IO's sharded Redis adapter with dynamic subscriptions (the
 * default: an instance receives the pushes for the rooms its sockets are in, so its
 * work follows its own users), or the Redis Streams adapter (every instance reads
 * every push). Loaded only when `redis` is configured.
 */
export class RedisLink implements OnApplicationShutdown {
  private constructor(
    private readonly clients: RedisClient[],
    readonly adapter: AdapterFactory,
    /** The sharded adapter's subscriber connection (absent with streams). */
    private readonly subscriber?: RedisClient,
  ) {}

  static async connect(options: ResolvedNotificationsOptions): Promise<RedisLink | null> {
    if (!options.redis) return null;
    const { url, adapter: engine } = options.redis;
    const { createClient, ErrorReply } = await import('redis');
    let linked = false;
    const logger = new Logger('NotificationsRedis');
    // Not client.duplicate(): a duplicate that cannot connect neither fails nor quits (node-redis 6).
    const open = () =>
      createClient({
        url,
        socket: {
          connectTimeout: CONNECT_TIMEOUT_MS,
          // Refuse to start unlinked (a silently isolated instance loses pushes); once
          // linked, ride out Redis restarts. node-redis would otherwise retry the first
          // connect forever and hang start-up.
          reconnectStrategy: (retries: number) => (linked ? Math.min(100 * 2 ** retries, 3000) : false),
        },
        // node-redis 6 arms a 5 s AbortSignal.timeout for every command by default; for the
        // adapter's fire-and-forget publishes its timer and the DOMException it throws when
        // it fires cost more than the publish (bench W6 profile: 0.6 s of 8.8 s busy in
        // abort_controller). A lost connection still fails pending commands.
        commandOptions: { timeout: 0 },
      }) as unknown as RedisClient;
    const client = open();
    const subscriber = engine === 'sharded' ? open() : undefined;
    const clients = subscriber ? [client, subscriber] : [client];
    for (const c of clients) c.on('error', (error) => logger.warn(MESSAGES.redisError(error.message)));
    const connected = await Promise.allSettled(clients.map((c) => c.connect()));
    const failed = connected.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      for (const c of clients) c.destroy();
      throw new NotificationsConfigError(MESSAGES.redisUnreachable(url, (failed.reason as Error).message));
    }
    linked = true;
    return new RedisLink(clients, await RedisLink.adapterFor(options.redis, client, subscriber, logger, (error) => error instanceof ErrorReply), subscriber);
  }

  private static async adapterFor(
    redis: NonNullable<ResolvedNotificationsOptions['redis']>,
    client: RedisClient,
    subscriber: RedisClient | undefined,
    logger: Logger,
    isRedisError: (error: Error) => boolean,
  ): Promise<AdapterFactory> {
    if (subscriber) {
      const { createShardedAdapter } = await import('@socket.io/redis-adapter');
      const subscriptions = new ShardedSubscriber(subscriber as unknown as ShardedPubSubClient, {
        isRedisError,
        retried: (error) => logger.warn(MESSAGES.redisSubscriptionRetry(error.message)),
        // Redis names the channel, and a room's channel names its user: not in the logs.
        refused: (error) => logger.error(MESSAGES.redisSubscriptionRefused(error.message.replace(/'[^']*'/g, "'…'"))),
      });
      return createShardedAdapter(client as never, subscriptions as never, { channelPrefix: redis.channelPrefix, subscriptionMode: 'dynamic' }) as AdapterFactory;
    }
    const { createAdapter } = await import('@socket.io/redis-streams-adapter');
    // The adapter duplicates the client for its stream readers, so it is made once linked.
    return createAdapter(client as never, { streamName: redis.streamName, blockTimeInMs: BLOCK_MS, onlyPlaintext: true }) as AdapterFactory;
  }

  /**
   * Resolves once every subscription asked for so far is active. A socket joining a
   * room no socket of this instance was in makes the sharded adapter subscribe to
   * that room's channel; a push published before Redis confirms it would not reach
   * this instance. Redis answers in order, so a PING on the same connection is the barrier.
   * @returns false when Redis did not confirm within SUBSCRIBE_CONFIRM_MS (or is not linked now)
   */
  async subscribed(): Promise<boolean> {
    // While Redis is away node-redis queues commands (there is no command timeout, see
    // connect): a handshake must not wait for it to come back.
    if (!this.subscriber?.isReady) return false;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_CONFIRM_MS, false)));
    try {
      return await Promise.race([this.subscriber.ping().then(() => true, () => false), bound]);
    } finally {
      clearTimeout(timer);
    }
  }

  get sharded(): boolean {
    return this.subscriber !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() on a client that lost Redis waits for it to come back (node-redis queues the
    // QUIT): such a client is destroyed, so a shutdown during a Redis outage still ends.
    await Promise.all(this.clients.map((c) => (c.isReady ? c.quit().catch(() => c.destroy()) : c.destroy())));
  }
}
