type Listener = (message: Buffer, channel: Buffer) => void;

/** The part of a node-redis client the sharded adapter subscribes with. */
export interface ShardedPubSubClient {
  sSubscribe(channel: string, listener: Listener, bufferMode?: boolean): Promise<unknown>;
  sUnsubscribe(channel?: string, listener?: Listener, bufferMode?: boolean): Promise<unknown>;
}

/**
 * The subscriber connection as the sharded adapter sees it. The adapter leaves a room's
 * channel without naming its listener; node-redis 6 then keeps the channel's listeners
 * until Redis answers the SUNSUBSCRIBE, and an SSUBSCRIBE of the same channel in between
 * (a user's last socket on this instance leaves and a new one joins at once) is folded
 * into them and never sent. The answer then drops the listener: the instance stays
 * unsubscribed from that user's room, and every push to it from another instance is
 * lost, until the room empties again. Naming the listener makes node-redis mark the
 * channel as leaving, so the new SSUBSCRIBE is sent (sharded-subscriber.spec.ts pins both).
 */
export class ShardedSubscriber implements ShardedPubSubClient {
  private readonly listeners = new Map<string, { listener: Listener; bufferMode?: boolean }>();

  constructor(private readonly client: ShardedPubSubClient) {}

  sSubscribe(channel: string, listener: Listener, bufferMode?: boolean): Promise<unknown> {
    this.listeners.set(channel, { listener, bufferMode });
    return this.client.sSubscribe(channel, listener, bufferMode);
  }

  sUnsubscribe(channel?: string, listener?: Listener, bufferMode?: boolean): Promise<unknown> {
    const known = channel === undefined ? undefined : this.listeners.get(channel);
    if (channel === undefined) this.listeners.clear();
    else this.listeners.delete(channel);
    if (listener || !known) return this.client.sUnsubscribe(channel, listener, bufferMode);
    return this.client.sUnsubscribe(channel, known.listener, known.bufferMode);
  }
}
