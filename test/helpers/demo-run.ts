import { AmqpTestClient } from './amqp.js';
import { dropSchema } from './postgres.js';

/** Publishes `total` messages in the background through `publish(i)`, `batch` every `everyMs`. */
export class BackgroundStream {
  /** How many were published so far. */
  sent = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(publish: (i: number) => void, total: number, batch: number, everyMs: number) {
    this.timer = setInterval(() => {
      for (let k = 0; k < batch && this.sent < total; k++) publish(this.sent++);
      if (this.sent === total) this.stop();
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Everything a test of built demo processes leaves behind, also after it failed midway:
 * its stream (it must not publish into the next test), its clients, the processes
 * (`stop`), its schema and its queues.
 */
export async function tearDownRun(run: {
  stream?: BackgroundStream;
  clients: { close(): void }[];
  stop: () => Promise<void>;
  schema: string;
  queue: string;
  amqp: AmqpTestClient;
}): Promise<void> {
  run.stream?.stop();
  for (const client of run.clients.splice(0)) client.close();
  try {
    await run.stop();
    await dropSchema(run.schema);
  } finally {
    await run.amqp.close();
    const cleanup = await AmqpTestClient.open();
    await cleanup.deleteQueues(run.queue);
    await cleanup.close();
  }
}
