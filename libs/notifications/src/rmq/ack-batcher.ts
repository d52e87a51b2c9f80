import type { Channel, ConsumeMessage } from 'amqplib';

/**
 * Acks the messages of one channel with one `multiple` ack per batch of deliveries
 * (what one socket read brought in, once their handlers have settled) instead of one
 * frame per message (bench W3: RabbitMQ and server CPU per message).
 * It only acks "up to N" when every delivery at or below N is settled, so a slow
 * handler's message is never acked by a faster one behind it.
 */
export class AckBatcher {
  private readonly open = new Set<number>();
  private readonly settled: ConsumeMessage[] = [];
  private scheduled = false;

  constructor(
    private readonly channel: Channel,
    private readonly onError: (error: Error) => void,
  ) {}

  delivered(message: ConsumeMessage): void {
    this.open.add(message.fields.deliveryTag);
  }

  ack(message: ConsumeMessage): void {
    this.open.delete(message.fields.deliveryTag);
    this.settled.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    // nextTick, not setImmediate: it runs once the handlers of this batch have settled (they finish
    // in microtasks) and early enough that amqplib writes the frame in this turn; from setImmediate
    // the frame waited a whole turn more, and under a backlog the prefetch window ran dry (bench W5).
    process.nextTick(() => this.flush());
  }

  /** Hands it back to the queue (requeue): not handled, through no fault of its own. */
  requeue(message: ConsumeMessage): void {
    this.open.delete(message.fields.deliveryTag);
    this.safely(() => this.channel.nack(message, false, true));
  }

  /** Rejects without requeue (the queue's dead-letter exchange takes it). */
  reject(message: ConsumeMessage): void {
    this.open.delete(message.fields.deliveryTag);
    this.safely(() => this.channel.nack(message, false, false));
  }

  flush(): void {
    this.scheduled = false;
    if (!this.settled.length) return;
    const batch = this.settled.splice(0);
    const last = batch.reduce((a, b) => (b.fields.deliveryTag > a.fields.deliveryTag ? b : a));
    const lowestOpen = Math.min(...this.open);
    if (last.fields.deliveryTag < lowestOpen) this.safely(() => this.channel.ack(last, true));
    else for (const message of batch) this.safely(() => this.channel.ack(message));
  }

  private safely(settle: () => void): void {
    try {
      settle();
    } catch (error) {
      // The channel closed under us; the broker redelivers what was not settled.
      this.onError(error as Error);
    }
  }
}
