import { Controller, Module } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { randomBytes } from 'node:crypto';
import { NotificationsModule } from '#notifications';
import { AMQP_URL, type AmqpTestClient } from './helpers/amqp.js';
import type { CapturingLogger } from './helpers/capturing-logger.js';
import { startHostApp, type HostApp } from './helpers/host-app.js';
import { closeAllSockets, connectSocket, recordNotifications, waitForNotify } from './helpers/socket.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

/**
 * A host of its own (not the demo): its own business events in the table, and a
 * second RabbitMQ microservice with its own handlers beside the notifications consumer.
 */
const secret = randomBytes(32).toString('hex');
const notificationsQueue = uniqueQueue('host-notify');
const hostQueue = uniqueQueue('host-own');
const hostSeen: { pattern: string; data: unknown }[] = [];

@Controller()
class HostEventsController {
  // No transport: Nest offers it to every microservice; it must not bind to the notifications consumer.
  @EventPattern('order.created')
  order(@Payload() data: unknown): void {
    hostSeen.push({ pattern: 'order.created', data });
  }

  @EventPattern('host.audit', Transport.RMQ)
  audit(@Payload() data: unknown): void {
    hostSeen.push({ pattern: 'host.audit', data });
  }
}

@Module({
  imports: [
    NotificationsModule.forRoot({
      jwt: { secret },
      rabbitmq: { urls: [AMQP_URL], queue: notificationsQueue },
      events: {
        'order.created': { toRole: 'admin' },
        'invoice.paid': { type: 'billing.paid', toUser: (e) => e.customerId, data: (e) => ({ invoice: e.invoiceId }) },
        'comment.created': { toUser: (e) => e.post.authorId },
      },
    }),
  ],
  controllers: [HostEventsController],
})
class HostModule {}

describe('a host with its own events and its own RabbitMQ microservice', () => {
  const tokens = new TestTokens(secret);
  let host: HostApp;
  let url: string;
  let amqp: AmqpTestClient;
  let logger: CapturingLogger;

  beforeAll(async () => {
    host = await startHostApp(HostModule, notificationsQueue, (app) =>
      app.connectMicroservice({ transport: Transport.RMQ, options: { urls: [AMQP_URL], queue: hostQueue, queueOptions: { durable: false } } }),
    );
    ({ url, amqp, logger } = host);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await amqp?.channel.deleteQueue(hostQueue).catch(() => undefined);
    await host?.close();
  });

  it('a new event is one entry in the host: invoice.paid reaches the customer with the mapped type and data', async () => {
    const customer = await connectSocket(url, tokens.user('cust-7'));
    const arrival = waitForNotify(customer, 'billing.paid');
    amqp.publish(notificationsQueue, 'invoice.paid', { invoiceId: 'inv-1', customerId: 'cust-7', amount: 12 });
    expect((await arrival).data).toEqual({ invoice: 'inv-1' });
  });

  it('an event whose mapping throws is dead-lettered with the reason, and the next one still arrives', async () => {
    const author = await connectSocket(url, tokens.user('author-1'));
    amqp.publish(notificationsQueue, 'comment.created', { text: 'no post field' });
    amqp.publish(notificationsQueue, 'comment.created', { post: { authorId: 'author-1' } });
    await waitForNotify(author, 'comment.created');
    const [dead] = await amqp.take(`${notificationsQueue}.dlq`, 1);
    expect(JSON.parse(dead.content.toString()).data).toEqual({ text: 'no post field' });
    expect(logger.text()).toMatch(/Dead-lettered .*EVENT_MAPPING_FAILED \(The toUser mapping of "comment.created" threw; .*authorId/);
  });

  it('neither consumer handles the other queue: host handlers see only their queue, notifications only theirs', async () => {
    const admin = await connectSocket(url, tokens.admin('ops'));
    const adminSeen = recordNotifications(admin);
    amqp.publish(hostQueue, 'order.created', { orderId: 'from-host-queue' });
    amqp.publish(hostQueue, 'host.audit', { what: 'login' });
    await waitUntil(() => hostSeen.length === 2, 'the host handlers ran');

    amqp.publish(notificationsQueue, 'host.audit', { what: 'must not reach the host' });
    amqp.publish(notificationsQueue, 'order.created', { orderId: 'from-notifications-queue' });
    await waitForNotify(admin, 'order.created');
    const [dead] = await amqp.take(`${notificationsQueue}.dlq`, 1);

    expect(JSON.parse(dead.content.toString()).pattern).toBe('host.audit');
    expect(hostSeen).toEqual([
      { pattern: 'order.created', data: { orderId: 'from-host-queue' } },
      { pattern: 'host.audit', data: { what: 'login' } },
    ]);
    expect(adminSeen.map((e) => e.data.orderId)).toEqual(['from-notifications-queue']);
  });
});
