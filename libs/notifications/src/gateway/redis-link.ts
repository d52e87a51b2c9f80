import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGES } from '../notifications.constants.js';
import { NotificationsConfigError } from '../notifications.errors.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';

type RedisClient = { connect(): Promise<unknown>; quit(): Promise<unknown>; on(event: 'error', fn: (e: Error) => void): unknown };
type AdapterFactory = (nsp: unknown) => unknown;

const CONNECT_TIMEOUT_MS = 5000;
/** Upper bound on how long a stream reader outlives shutdown. */
const BLOCK_MS = 1000;

/**
 * The optional Redis link that lets several gateway instances share rooms
 * (Socket.IO Redis Streams adapter). Loaded only when `redis` is configured, so
 * hosts that run one instance need neither package.
 */
export class RedisLink implements OnApplicationShutdown {
  private constructor(
    private readonly client: RedisClient,
    readonly adapter: AdapterFactory,
  ) {}

  static async connect(options: ResolvedNotificationsOptions): Promise<RedisLink | null> {
    if (!options.redis) return null;
    const { url, streamName } = options.redis;
    const [{ createClient }, { createAdapter }] = await Promise.all([
      import('redis'),
      import('@socket.io/redis-streams-adapter'),
    ]);
    let linked = false;
    const client = createClient({
      url,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        // Refuse to start unlinked (a silently isolated instance loses pushes); once
        // linked, ride out Redis restarts. node-redis would otherwise retry the first
        // connect forever and hang start-up.
        reconnectStrategy: (retries: number) => (linked ? Math.min(100 * 2 ** retries, 3000) : false),
      },
    }) as unknown as RedisClient;
    const logger = new Logger('NotificationsRedis');
    client.on('error', (error) => logger.warn(MESSAGES.redisError(error.message)));
    try {
      await client.connect();
      linked = true;
    } catch (error) {
      throw new NotificationsConfigError(MESSAGES.redisUnreachable(url, (error as Error).message));
    }
    // The adapter duplicates the client for its stream readers, so it is made once linked.
    const adapter = createAdapter(client, { streamName, blockTimeInMs: BLOCK_MS, onlyPlaintext: true });
    return new RedisLink(client, adapter as AdapterFactory);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
