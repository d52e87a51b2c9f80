// Publisher process: amqplib, open-loop `user.followed` at fixed rates, single `order.created`.
// Follower ids are unique per run: the product drops a second `user.followed` with the same
// follower, followee and followedAt as a redelivery (its idempotency key).
// Each message carries sentAt = CLOCK_MONOTONIC microseconds at the moment it is handed to amqplib.
import amqp from 'amqplib';
import { cpuMeter } from '../lib/cpu.mjs';
import { nowUs } from '../lib/hist.mjs';

let conn, ch, queue;
const publish = (pattern, data) => ch.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern, data })), { contentType: 'application/json' });

/** Sends rate*durationMs/1000 messages on schedule; catches up in 1 ms ticks, never waits for the server. */
function runRate({ rate, durationMs, users, run }) {
  const total = Math.round((rate * durationMs) / 1000);
  const t0 = nowUs();
  let sent = 0, full = 0, maxLagUs = 0, lastSendUs = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = nowUs();
      const due = Math.min(total, Math.floor(((now - t0) * rate) / 1e6));
      if (due > sent) maxLagUs = Math.max(maxLagUs, now - (t0 + (sent * 1e6) / rate));
      for (; sent < due; sent++) {
        lastSendUs = nowUs();
        const ok = publish('user.followed', { followerId: `f${run}.${sent}`, followeeId: `u${sent % users}`, run, seq: sent, sentAt: lastSendUs });
        if (!ok) full++;
      }
      if (sent >= total) {
        const wallMs = (nowUs() - t0) / 1000;
        return resolve({ sent, wallMs: Math.round(wallMs), achievedRate: Math.round((sent / wallMs) * 1000), bufferFull: full, maxLagMs: Math.round(maxLagUs / 100) / 10, lastSendUs });
      }
      setTimeout(tick, 1);
    };
    tick();
  });
}

const commands = {
  async init({ amqpUrl, queue: q }) {
    queue = q;
    // noDelay: without it Nagle holds small publishes back until the broker ACKs (tens of ms).
    conn = await amqp.connect(amqpUrl, { noDelay: true });
    ch = await conn.createChannel();
    return {};
  },
  async rate(m) {
    const meter = cpuMeter();
    const r = await runRate(m);
    const { messageCount } = await ch.checkQueue(queue);
    return { ...r, queueReadyAtEnd: messageCount, pubCpu: meter.stop() };
  },
  async orders({ ids }) {
    for (const orderId of ids) publish('order.created', { orderId, userId: 'buyer-1', total: 42.5, sentAt: nowUs() });
    return {};
  },
  /**
   * W5: declares the server's queue as the product does (durable, dead-lettered to <queue>.dlx /
   * <queue>.dlq; libs/notifications/src/rmq/queue-topology.ts), queues `count` user.followed
   * round-robin over `users` on a confirm channel and waits for the broker's confirms.
   */
  async backlog({ count, users, run }) {
    const meter = cpuMeter();
    const cc = await conn.createConfirmChannel();
    await cc.assertExchange(`${queue}.dlx`, 'direct', { durable: true });
    await cc.assertQueue(`${queue}.dlq`, { durable: true });
    await cc.bindQueue(`${queue}.dlq`, `${queue}.dlx`, `${queue}.dlq`);
    await cc.assertQueue(queue, { durable: true, arguments: { 'x-dead-letter-exchange': `${queue}.dlx`, 'x-dead-letter-routing-key': `${queue}.dlq` } });
    const t0 = nowUs();
    for (let i = 0; i < count; i++) {
      const body = { pattern: 'user.followed', data: { followerId: `f${run}.${i}`, followeeId: `u${i % users}`, run, seq: i, sentAt: nowUs() } };
      if (!cc.sendToQueue(queue, Buffer.from(JSON.stringify(body)), { contentType: 'application/json' })) {
        await new Promise((resolve) => cc.once('drain', resolve));
      }
    }
    await cc.waitForConfirms();
    const publishMs = Math.round((nowUs() - t0) / 1000);
    const { messageCount, consumerCount } = await cc.checkQueue(queue);
    await cc.close();
    return { sent: count, publishMs, queued: messageCount, consumers: consumerCount, pubCpu: meter.stop() };
  },
  async depth() {
    const { messageCount, consumerCount } = await ch.checkQueue(queue);
    return { messageCount, consumerCount };
  },
  async cleanup({ queues, exchanges }) {
    for (const q of queues) await ch.deleteQueue(q).catch(() => {});
    for (const x of exchanges) await ch.deleteExchange(x).catch(() => {});
    await conn.close().catch(() => {});
    return {};
  },
};

process.on('message', async (msg) => {
  if (msg?.cmd === 'exit') process.exit(0);
  try {
    process.send({ ...(await commands[msg.cmd](msg)), id: msg.id });
  } catch (error) {
    process.send({ id: msg.id, error: error?.stack ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
