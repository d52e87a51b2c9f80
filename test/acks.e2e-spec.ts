import type { AmqpTestClient } from './helpers/amqp.js';
import { closeAllSockets, collectNotify, connectSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('acknowledgements', () => {
  let t: TestApp;
  let amqp: AmqpTestClient;

  beforeAll(async () => {
    t = await startTestApp({}, 'acks');
    await t.consumer.ready();
    amqp = t.amqp;
  });
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  it('acks every delivered message: after the consumer closes, nothing is handed back to the queue', async () => {
    const socket = await connectSocket(t.url, t.tokens.user('counted'));
    const all = collectNotify(socket, 'tick', 2000, 15_000);
    for (let i = 0; i < 2000; i++) amqp.publish(t.queue, 'notification.send', { type: 'tick', data: { i }, userIds: ['counted'] });
    amqp.publishRaw(t.queue, 'poison');
    const received = await all;
    expect(received.map((e) => e.data.i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    await amqp.take(t.dlq, 1);
    closeAllSockets();
    // Closing the channel returns every unacked message to the queue; none must come back.
    await t.stopApp();
    expect(await amqp.messageCount(t.queue)).toBe(0);
    expect(await amqp.messageCount(t.dlq)).toBe(0);
  });
});
