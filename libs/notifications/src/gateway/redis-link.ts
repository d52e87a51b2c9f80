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
  private readonly logger = new Logger('NotificationsRedis');

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
    const client = createClient({ url, socket: { connectTimeout: CONNECT_TIMEOUT_MS } }) as unknown as RedisClient;
    const link = new RedisLink(client, createAdapter(client, { streamName, blockTimeInMs: BLOCK_MS, onlyPlaintext: true }) as AdapterFactory);
    client.on('error', (error) => link.logger.warn(MESSAGES.redisError(error.message)));
    try {
      await client.connect();
    } catch (error) {
      throw new NotificationsConfigError(MESSAGES.redisUnreachable(url, (error as Error).message));
    }
    return link;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
