import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A plain amqplib publisher, as a Python or Java producer would be: no Nest involved. */
export class AmqpTestClient {
  private constructor(
    private readonly connection: ChannelModel,
    readonly channel: Channel,
  ) {}

  static async open(url = AMQP_URL): Promise<AmqpTestClient> {
    const connection = await amqp.connect(url);
    return new AmqpTestClient(connection, await connection.createChannel());
  }

  publishRaw(queue: string, body: string | Buffer): void {
    this.channel.sendToQueue(queue, Buffer.isBuffer(body) ? body : Buffer.from(body), { persistent: true });
  }

  publish(queue: string, pattern: string, data: unknown, messageId?: string): void {
    this.channel.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern, data })), { persistent: true, ...(messageId ? { messageId } : {}) });
  }

  /** Waits (polling the broker, bounded) until `queue` holds `count` messages, then takes them. */
  async take(queue: string, count: number, ms = 5000): Promise<GetMessage[]> {
    const taken: GetMessage[] = [];
    const deadline = Date.now() + ms;
    while (taken.length < count) {
      const message = await this.channel.get(queue, { noAck: false });
      if (message) {
        taken.push(message);
        this.channel.ack(message);
      } else if (Date.now() > deadline) {
        throw new Error(`${queue} held ${taken.length} of ${count} expected messages after ${ms} ms`);
      } else {
        await new Promise((r) => setTimeout(r, 25)); // broker polling: there is no event for "message arrived"
      }
    }
    return taken;
  }

  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  async deleteQueues(queue: string): Promise<void> {
    for (const name of [queue, `${queue}.dlq`]) await this.channel.deleteQueue(name).catch(() => undefined);
    await this.channel.deleteExchange(`${queue}.dlx`).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
