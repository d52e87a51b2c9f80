import type { Channel, ConsumeMessage } from 'amqplib';
import { AckBatcher } from './ack-batcher.js';

/** Records the settle frames a channel would send (the real broker path is in test/rmq-consumer). */
class RecordingChannel {
  readonly frames: string[] = [];
  ack(message: ConsumeMessage, allUpTo = false): void {
    this.frames.push(`ack ${message.fields.deliveryTag}${allUpTo ? ' multiple' : ''}`);
  }
  nack(message: ConsumeMessage, _allUpTo?: boolean, requeue = true): void {
    this.frames.push(`nack ${message.fields.deliveryTag}${requeue ? ' requeue' : ''}`);
  }
}

const message = (tag: number) => ({ fields: { deliveryTag: tag } }) as ConsumeMessage;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('AckBatcher', () => {
  let channel: RecordingChannel;
  let batcher: AckBatcher;
  const deliver = (...tags: number[]) => tags.map((tag) => (batcher.delivered(message(tag)), message(tag)));

  beforeEach(() => {
    channel = new RecordingChannel();
    batcher = new AckBatcher(channel as unknown as Channel, (error) => {
      throw error;
    });
  });

  it('acks everything settled in one turn with a single multiple ack', async () => {
    const [m1, m2, m3] = deliver(1, 2, 3);
    batcher.ack(m1);
    batcher.ack(m2);
    batcher.ack(m3);
    expect(channel.frames).toEqual([]);
    await nextTurn();
    expect(channel.frames).toEqual(['ack 3 multiple']);
  });

  it('hands the ack to the channel before the turn ends, once handlers settling in microtasks are done', async () => {
    const [m1, m2] = deliver(1, 2);
    // As the consumer's handlers do: they settle in microtasks after the deliveries are read.
    void Promise.resolve()
      .then(() => batcher.ack(m1))
      .then(() => Promise.resolve())
      .then(() => batcher.ack(m2));
    // amqplib writes what the channel gets before setImmediate in this turn; later, it waits a turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect(channel.frames).toEqual(['ack 2 multiple']);
    const [m3] = deliver(3);
    batcher.ack(m3);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(channel.frames).toEqual(['ack 2 multiple', 'ack 3 multiple']);
  });

  it('never acks past a delivery that is still being handled', async () => {
    const [, m2, m3] = deliver(1, 2, 3);
    batcher.ack(m3);
    batcher.ack(m2);
    await nextTurn();
    expect(channel.frames).toEqual(['ack 3', 'ack 2']);
  });

  it('rejects at once and still batches the acks around it', async () => {
    const [m1, m2, m3] = deliver(1, 2, 3);
    batcher.ack(m1);
    batcher.reject(m2);
    batcher.ack(m3);
    await nextTurn();
    expect(channel.frames).toEqual(['nack 2', 'ack 3 multiple']);
  });

  it('requeues at once and still batches the acks around it', async () => {
    const [m1, m2, m3] = deliver(1, 2, 3);
    batcher.requeue(m2);
    batcher.ack(m1);
    batcher.ack(m3);
    await nextTurn();
    expect(channel.frames).toEqual(['nack 2 requeue', 'ack 3 multiple']);
  });

  it('reports a closed channel instead of throwing', async () => {
    const errors: string[] = [];
    const closed = { ack: () => { throw new Error('Channel closed'); }, nack: () => undefined };
    const b = new AckBatcher(closed as unknown as Channel, (error) => errors.push(error.message));
    b.delivered(message(1));
    b.ack(message(1));
    await nextTurn();
    expect(errors).toEqual(['Channel closed']);
  });
});
