import { AmqpTestClient } from './helpers/amqp.js';
import { closeAllSockets, connectSocket } from './helpers/socket.js';
import { startTestApp, uniqueQueue, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

describe('a queue already declared with other arguments', () => {
  const queue = uniqueQueue('mismatch');
  let amqp: AmqpTestClient;
  let t: TestApp;

  beforeAll(async () => {
    amqp = await AmqpTestClient.open();
    await amqp.channel.assertQueue(queue, { durable: true }); // no dead-letter arguments
    t = await startTestApp({ NOTIFICATIONS_QUEUE: queue }, 'mismatch');
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
    await amqp.deleteQueues(queue);
    await amqp.close();
  });

  it('is reported clearly, does not crash the host, and HTTP and WebSocket keep serving', async () => {
    await waitUntil(() => t.logger.matching(/Could not set up consuming/).length > 0, 'the setup failure is logged');
    expect(t.logger.matching(/Could not set up consuming/)[0]).toMatch(/PRECONDITION_FAILED.*x-dead-letter-exchange/);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await connectSocket(t.url, t.tokens.user('still-serving'))).connected).toBe(true);
    expect(await t.consumer.state()).not.toBe('connected');
  });
});
