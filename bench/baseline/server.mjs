// Baseline: the same service without Nest. Plain http + socket.io + amqplib + jsonwebtoken:
// namespace /notifications, JWT handshake (HS256, sub + roles), rooms user:<sub> and role:<role>,
// RabbitMQ consumer (prefetch 100, one manual ack per message, bad messages dead-lettered, start-up
// retried while the broker is unreachable),
// `notify` envelopes { id, type, data, createdAt }, GET /health. With REDIS_URL (bench W6, kind
// `baseline`): instances share rooms through Socket.IO's sharded Redis adapter with dynamic
// subscriptions, as the product's default Redis engine, nothing else.
import http from 'node:http';
import { createSecretKey, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import jwt from 'jsonwebtoken';
import { Server } from 'socket.io';
import { installProbe } from '../lib/ipc-mem.mjs';

installProbe();
const env = process.env;
// The secret as a KeyObject made once, as the product's TokenVerifier does since 05bbdae.
// BASELINE_JWT_STRING_SECRET=1 (bench kind `baseline-stringkey`) passes the string instead, which costs
// jsonwebtoken a failing createPublicKey() per verify (~290 us; see bench/jwt-micro.mjs).
const secret = env.BASELINE_JWT_STRING_SECRET === '1' ? env.JWT_SECRET : createSecretKey(Buffer.from(env.JWT_SECRET));
const queue = env.NOTIFICATIONS_QUEUE || 'notifications';
const prefetch = Number(env.PREFETCH || 100);
const verifyOptions = { algorithms: ['HS256'] };
let broker = 'connecting';

const httpServer = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', broker, sockets: nsp.sockets.size }));
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(httpServer, env.REDIS_URL ? { adapter: await shardedAdapter(env.REDIS_URL) } : {});
const nsp = io.of('/notifications');

async function shardedAdapter(url) {
  const [{ createClient }, { createShardedAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
  const pub = createClient({ url });
  const sub = createClient({ url });
  await Promise.all([pub.connect(), sub.connect()]);
  return createShardedAdapter(pub, sub, { channelPrefix: env.REDIS_CHANNEL_PREFIX || 'socket.io', subscriptionMode: 'dynamic' });
}

function authenticate(socket) {
  const token = socket.handshake.auth?.token ?? socket.handshake.query?.token;
  if (typeof token !== 'string' || !token) return null;
  try {
    const claims = jwt.verify(token, secret, verifyOptions);
    const id = claims.sub;
    const roles = claims.roles ?? [];
    if (typeof id !== 'string' || !id || !Array.isArray(roles)) return null;
    return { id, roles, exp: claims.exp };
  } catch {
    return null;
  }
}

nsp.use((socket, next) => {
  const user = authenticate(socket);
  if (!user) {
    const err = new Error('Unauthorized');
    err.data = { code: 'TOKEN_INVALID', message: 'Token is not valid' };
    return next(err);
  }
  socket.data.user = user;
  socket.join([`user:${user.id}`, ...user.roles.map((r) => `role:${r}`)]);
  next();
});

const envelope = (type, data) => ({ id: randomUUID(), type, data: data ?? null, createdAt: new Date().toISOString() });

// Client -> server `notify` (admins only), as the product's gateway offers.
nsp.on('connection', (socket) => {
  socket.on('notify', (body, ack) => {
    const user = socket.data.user;
    const reply = typeof ack === 'function' ? ack : () => {};
    if (!user.roles.includes('admin')) return reply({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!body || typeof body.type !== 'string') return reply({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const rooms = [...(body.userIds ?? []).map((u) => `user:${u}`), ...(body.roles ?? []).map((r) => `role:${r}`)];
    const env = envelope(body.type, body.data);
    nsp.to(rooms).emit('notify', env);
    reply({ ok: true, id: env.id });
  });
});

const handlers = {
  'user.followed': (d) => {
    if (!d || typeof d.followerId !== 'string' || typeof d.followeeId !== 'string') throw new Error('invalid');
    nsp.to(`user:${d.followeeId}`).emit('notify', envelope('user.followed', d));
  },
  'order.created': (d) => {
    if (!d || typeof d.orderId !== 'string') throw new Error('invalid');
    nsp.to('role:admin').emit('notify', envelope('order.created', d));
  },
};

async function consume() {
  // amqplib's default is noDelay=false (Nagle), as the product's; BASELINE_AMQP_NODELAY=1 turns it off.
  const conn = await amqp.connect(env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672', { noDelay: env.BASELINE_AMQP_NODELAY === '1' });
  conn.on('error', () => {});
  try {
    await setup(conn);
  } catch (error) {
    await conn.close().catch(() => {});
    throw error;
  }
  conn.on('close', () => (broker = 'disconnected'));
}

async function setup(conn) {
  const ch = await conn.createChannel();
  await ch.assertExchange(`${queue}.dlx`, 'direct', { durable: true });
  await ch.assertQueue(`${queue}.dlq`, { durable: true });
  await ch.bindQueue(`${queue}.dlq`, `${queue}.dlx`, `${queue}.dlq`);
  await ch.assertQueue(queue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': `${queue}.dlx`, 'x-dead-letter-routing-key': `${queue}.dlq` },
  });
  await ch.prefetch(prefetch);
  // BASELINE_ACK_BATCH=1: one `multiple` ack per batch of deliveries instead of one ack per message,
  // flushed on nextTick (after the socket read's deliveries are handled) as the product's AckBatcher
  // does since d6a393e; from setImmediate amqplib wrote it a turn later.
  let lastDone = null;
  const ack = env.BASELINE_ACK_BATCH !== '1' ? (msg) => ch.ack(msg) : (msg) => {
    if (!lastDone) process.nextTick(() => { ch.ack(lastDone, true); lastDone = null; });
    lastDone = msg;
  };
  await ch.consume(queue, (msg) => {
    if (!msg) return;
    try {
      const { pattern, data } = JSON.parse(msg.content.toString('utf8'));
      const handler = handlers[pattern];
      if (!handler) throw new Error(`No handler for pattern "${pattern}"`);
      handler(data);
      ack(msg);
    } catch {
      ch.nack(msg, false, false);
    }
  }, { noAck: false });
  broker = 'connected';
}

// Like the product, the start does not wait for the broker: an unreachable (or refusing) broker is
// retried every AMQP_RECONNECT_SECONDS (default 5, as the product's). W5 relies on this.
const reconnectMs = Number(env.AMQP_RECONNECT_SECONDS || 5) * 1000;
let unreachableLogged = false;
function start() {
  consume().catch((err) => {
    broker = 'disconnected';
    if (!unreachableLogged) console.error(`RabbitMQ unreachable (${err.message}); retrying every ${reconnectMs} ms`);
    unreachableLogged = true;
    setTimeout(start, reconnectMs);
  });
}

httpServer.listen(Number(env.PORT || 0), '127.0.0.1', start);
process.on('SIGTERM', () => process.exit(0));
