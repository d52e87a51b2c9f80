import type { Options } from 'amqplib';
import { deadLetterExchange, deadLetterQueue } from '../notifications.constants.js';

/**
 * Arguments of the consumed queue. A producer that declares the queue itself
 * (so no message is lost before the consumer first runs) must use these exact
 * options, or RabbitMQ refuses the declaration with PRECONDITION_FAILED.
 */
export function notificationsQueueOptions(queue: string): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-dead-letter-exchange': deadLetterExchange(queue),
      'x-dead-letter-routing-key': deadLetterQueue(queue),
    },
  };
}

/** Declares the dead-letter exchange and queue that rejected messages land in. */
export async function assertDeadLetterTopology(
  channel: { assertExchange: Function; assertQueue: Function; bindQueue: Function },
  queue: string,
): Promise<void> {
  await channel.assertExchange(deadLetterExchange(queue), 'direct', { durable: true });
  await channel.assertQueue(deadLetterQueue(queue), { durable: true });
  await channel.bindQueue(deadLetterQueue(queue), deadLetterExchange(queue), deadLetterQueue(queue));
}
