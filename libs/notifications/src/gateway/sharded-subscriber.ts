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
 *   here (node-redis queues it until it is back), unless the room changed since.
 */
export class ShardedSubscriber implements ShardedPubSubClient {
  private readonly wanted = new Map<string, Subscription>();

  constructor(
    private readonly client: ShardedPubSubClient,
    private readonly onRetry: (error: Error) => void,
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
      return this.client.sUnsubscribe(undefined, listener, bufferMode);
    }
    const subscription = this.wanted.get(channel) ?? (listener && { listener, bufferMode });
    this.wanted.delete(channel);
    return subscription ? this.unsubscribe(channel, subscription) : this.client.sUnsubscribe(channel);
  }

  private subscribe(channel: string, subscription: Subscription): Promise<unknown> {
    return this.client.sSubscribe(channel, subscription.listener, subscription.bufferMode).catch((error: Error) => {
      if (this.wanted.get(channel) !== subscription || !this.client.isOpen) return;
      this.onRetry(error);
      void this.subscribe(channel, subscription);
    });
  }

  private unsubscribe(channel: string, subscription: Subscription): Promise<unknown> {
    return this.client.sUnsubscribe(channel, subscription.listener, subscription.bufferMode).catch((error: Error) => {
      if (this.wanted.has(channel) || !this.client.isOpen) return;
      this.onRetry(error);
      void this.unsubscribe(channel, subscription);
    });
  }
}
