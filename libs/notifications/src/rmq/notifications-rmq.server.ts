import { Logger } from '@nestjs/common';
import { ServerRMQ } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { InboundMessage } from '../core/notifications.service.js';
import { MESSAGES, NOTIFICATIONS_TRANSPORT_ID, deadLetterQueue } from '../notifications.constants.js';
import { NotificationsError, StoreUnavailableError } from '../notifications.errors.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import type { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { AckBatcher } from './ack-batcher.js';
import { InFlight } from './in-flight.js';
import { decodePacket } from './decode-packet.js';
import { assertDeadLetterTopology, notificationsQueueOptions } from './queue-topology.js';

export type BrokerState = 'connecting' | 'connected' | 'disconnected';

/** `amqp://user:pass@host` -> `amqp://user:***@host`, for logs. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');

/**
 * Nest's RMQ transport with the delivery rules the gateway needs: manual acks
 * after the push is handed to Socket.IO (batched per event-loop turn), every
 * bad message dead-lettered once (never requeued in a loop), and a start that
 * does not wait for the broker.
 */
export class NotificationsRmqServer extends ServerRMQ {
  private readonly log = new Logger('NotificationsConsumer');
  private readonly url: string;
  private unreachableLogged = false;
  /** Per amqplib channel (a new one after each reconnect): its ack batcher and consumer tag. */
  private readonly batchers = new Map<Channel, AckBatcher>();
  private readonly consumers = new Map<Channel, string>();
  private readonly inFlight = new InFlight();
  private draining = false;
  state: BrokerState = 'connecting';
  /** Set once the host connects this consumer (setupNotifications). */
  attached = false;

  /**
   * @param receive what each message becomes (NotificationsService.receive); it settles once
   *   the notification is stored and pushed, or throws to dead-letter the message
   */
  constructor(
    private readonly settings: ResolvedNotificationsOptions['rabbitmq'],
    private readonly receive: (message: InboundMessage) => Promise<unknown>,
    private readonly metrics?: NotificationsMetrics,
  ) {
    // Queue arguments and prefetch are applied by setupChannel below, from `settings`.
    super({
      urls: settings.urls,
      queue: settings.queue,
      noAck: false,
      socketOptions: { reconnectTimeInSeconds: settings.reconnectSeconds, heartbeatIntervalInSeconds: 5 },
    });
    this.setTransportId(NOTIFICATIONS_TRANSPORT_ID);
    this.url = redactUrl(settings.urls[0] ?? '');
    metrics?.observe({ consumerState: () => (this.attached ? this.state : 'disabled') });
  }

  /**
   * Nest offers every controller's handlers to every server, those declared without a
   * transport too. This one takes none: its messages go straight to `receive`, outside
   * Nest's handler pipeline (W5 drain profile: @nestjs/microservices and core 33 ms of
   * 1.2 s busy), and a host's `@EventPattern('x')` never consumes from its queue.
   */
  override addHandler(): void {}

  /** Starts connecting in the background and returns at once: HTTP and WS must not wait for the broker. */
  override async listen(callback: (err?: unknown) => void): Promise<void> {
    this.attached = true;
    await super.listen((err?: unknown) => {
      if (err) this.log.error(err);
    });
    this.server!.on('connectFailed', ({ err }: { err?: Error }) => this.onUnreachable(err));
    // The channel is created on the first connect; a failed setup (closing mid-setup, a queue
    // declared with other arguments) is an 'error' event that must not crash the host.
    const watchChannel = () => this.channel?.on('error', (error: Error) => this.onChannelError(error));
    if (this.channel) watchChannel();
    else this.server!.once('connect', watchChannel);
    this.server!.on('disconnect', () => (this.state = 'disconnected'));
    callback();
  }

  /**
   * Replaces Nest's setup, which does not await `consume`: a channel closing
   * mid-setup must be a failed setup (retried on reconnect), not an unhandled rejection.
   */
  override async setupChannel(channel: Channel, callback: Function): Promise<void> {
    const { queue, prefetchCount } = this.settings;
    // A reconnect while shutting down must not start consuming again.
    if (this.draining) return callback();
    await assertDeadLetterTopology(channel, queue);
    await channel.assertQueue(queue, notificationsQueueOptions(queue));
    await channel.prefetch(prefetchCount);
    const acks = new AckBatcher(channel, (error) => this.log.warn(MESSAGES.settleFailed(error.message)));
    this.batchers.set(channel, acks);
    const { consumerTag } = await channel.consume(queue, (message) => void this.handleMessage(message, channel), { noAck: false });
    this.consumers.set(channel, consumerTag);
    channel.once('close', () => (this.consumers.delete(channel), this.batchers.delete(channel)));
    this.state = 'connected';
    this.unreachableLogged = false;
    this.log.log(MESSAGES.brokerConnected(this.url, queue));
    callback();
  }

  override async handleMessage(raw: Record<string, any> | null, channel: Channel): Promise<void> {
    if (!raw) return; // consumer cancelled by the broker (queue deleted)
    const message = raw as ConsumeMessage;
    const acks = this.batchers.get(channel)!;
    acks.delivered(message);
    this.metrics?.message('consumed');
    if (message.fields.redelivered) this.metrics?.message('redelivered');
    this.inFlight.start();
    try {
      const { pattern, data } = decodePacket(message.content);
      const messageId = typeof message.properties.messageId === 'string' && message.properties.messageId ? message.properties.messageId : undefined;
      await this.receive({ pattern, data, messageId });
      acks.ack(message);
      this.metrics?.message('acked');
    } catch (error) {
      // A message waits for a store that is down; it fails only once the store closes (shutdown):
      // that is no fault of the message, so it goes back to the queue, not to the dead letters.
      if (error instanceof StoreUnavailableError) this.requeue(message, acks);
      else this.deadLetter(message, acks, error);
    } finally {
      this.inFlight.end();
    }
  }

  /**
   * The first step of a shutdown: stop taking messages (cancel the consumer), let
   * the ones already delivered finish, and settle their acks. What is not finished
   * within `ms` stays unacked, and RabbitMQ hands it out again after the close.
   * @returns whether everything in flight finished
   */
  async drain(ms: number): Promise<boolean> {
    this.draining = true;
    await Promise.all([...this.consumers].map(([channel, tag]) => channel.cancel(tag).catch(() => undefined)));
    this.consumers.clear();
    const finished = await this.inFlight.idle(ms);
    for (const acks of this.batchers.values()) acks.flush();
    if (!finished) this.log.warn(MESSAGES.drainTimedOut(this.inFlight.size, ms));
    return finished;
  }

  private requeue(message: ConsumeMessage, acks: AckBatcher): void {
    this.log.warn(MESSAGES.requeued(this.settings.queue));
    acks.requeue(message);
  }

  private deadLetter(message: ConsumeMessage, acks: AckBatcher, error: unknown): void {
    const known = error instanceof NotificationsError;
    const code = known ? error.code : 'HANDLER_ERROR';
    const detail = known ? [error.message, ...error.details].join('; ') : String((error as Error)?.message ?? error);
    this.log.warn(MESSAGES.deadLettered(deadLetterQueue(this.settings.queue), code, detail));
    this.metrics?.deadLettered(code);
    if (!known) this.log.error(error);
    acks.reject(message); // requeue=false: the queue's DLX moves it to <queue>.dlq
  }

  private onChannelError(error: Error): void {
    this.log.error(MESSAGES.channelSetupFailed(this.settings.queue, error.message));
  }

  private onUnreachable(err?: Error): void {
    this.state = 'disconnected';
    if (this.unreachableLogged) return;
    this.unreachableLogged = true;
    this.log.warn(MESSAGES.brokerUnreachable(this.url, err?.message ?? 'connection failed'));
  }
}
