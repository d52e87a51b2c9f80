type Listener = (message: Buffer, channel: Buffer) => void;

/** The part of a node-redis client the sharded adapter subscribes with. */
export interface ShardedPubSubClient {
  readonly isOpen: boolean;
  sSubscribe(channel: string, listener: Listener, bufferMode?: boolean): Promise<unknown>;
  sUnsubscribe(channel?: string, listener?: Listener, bufferMode?: boolean): Promise<unknown>;
}

interface Subscription {
  listener: Listener;
  bufferMode?: boolean;
}

/** What becomes of a room subscription change Redis did not confirm. */
export interface SubscriptionFailures {
  /** An answer from Redis itself (no permission for the channel, no SSUBSCRIBE before Redis 7)? */
  isRedisError(error: Error): boolean;
  /** Lost with its connection: asked again. */
  retried(error: Error): void;
  /** Refused by Redis: asking again would be refused again, so it is not. */
  refused(error: Error): void;
}

/**
 * The subscriber connection as the sharded adapter sees it, so that this instance is
 * subscribed to exactly the rooms its sockets are in. With node-redis 6 alone it is not,
 * in two cases (sharded-subscriber.spec.ts and redis-rejoin.e2e-spec.ts pin both):
 *
 * - The adapter leaves a room's channel without naming its listener. node-redis keeps
 *   the listener until Redis answers, and an SSUBSCRIBE of the same channel in between
 *   (a user's last socket leaves and a new one joins at once) is folded into it and never
 *   sent; the answer then drops it, and the user's pushes from other instances are lost
 *   until the room empties again. Naming the listener makes node-redis send the SSUBSCRIBE.
 * - A change still unanswered when the connection drops is rejected, and node-redis
 *   restores only answered subscriptions on reconnect. The adapter ignores those promises,
 *   so the rejection was also unhandled, which ends a Node process. It is asked again
 *   here (node-redis queues it until it is back), unless the room changed since. One
 *   Redis itself refuses (no permission for the channel) is reported, not asked again.
 */
export class ShardedSubscriber implements ShardedPubSubClient {
  private readonly wanted = new Map<string, Subscription>();

  constructor(
    private readonly client: ShardedPubSubClient,
    private readonly failures: SubscriptionFailures,
  ) {}

  get isOpen(): boolean {
    return this.client.isOpen;
  }

  sSubscribe(channel: string, listener: Listener, bufferMode?: boolean): Promise<unknown> {
    const subscription = { listener, bufferMode };
    this.wanted.set(channel, subscription);
    return this.subscribe(channel, subscription);
  }

  sUnsubscribe(channel?: string, listener?: Listener, bufferMode?: boolean): Promise<unknown> {
    if (channel === undefined) {
      this.wanted.clear();
      return this.client.sUnsubscribe(undefined, listener, bufferMode).catch((error: Error) => this.failed(error, () => true));
    }
    const subscription = this.wanted.get(channel) ?? (listener && { listener, bufferMode });
    this.wanted.delete(channel);
    if (!subscription) return this.client.sUnsubscribe(channel).catch((error: Error) => this.failed(error, () => true));
    return this.unsubscribe(channel, subscription);
  }

  private subscribe(channel: string, subscription: Subscription): Promise<unknown> {
    return this.client.sSubscribe(channel, subscription.listener, subscription.bufferMode).catch((error: Error) =>
      this.failed(error, () => this.wanted.get(channel) === subscription, () => this.subscribe(channel, subscription)),
    );
  }

  private unsubscribe(channel: string, subscription: Subscription): Promise<unknown> {
    return this.client.sUnsubscribe(channel, subscription.listener, subscription.bufferMode).catch((error: Error) =>
      this.failed(error, () => !this.wanted.has(channel), () => this.unsubscribe(channel, subscription)),
    );
  }

  /** Never rejects: the adapter does not handle these promises. */
  private failed(error: Error, stillWanted: () => boolean, again?: () => Promise<unknown>): void {
    if (!this.client.isOpen || !stillWanted()) return; // shut down, or the room changed since
    if (this.failures.isRedisError(error) || !again) return this.failures.refused(error);
    this.failures.retried(error);
    void again();
  }
}
