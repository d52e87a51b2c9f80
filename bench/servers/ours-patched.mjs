// EXPERIMENT, bench only: the product with the changes proposed in docs/performance.md applied as
// runtime patches, to measure their effect before anyone edits libs/ (BENCH_PATCHES=jwt,handlers,pattern).
//  jwt:      jsonwebtoken gets a KeyObject made once instead of the secret string, so it no longer
//            tries createPublicKey(secret) and throws on every verify (~290 us -> ~7 us per token).
//  handlers: one plain socket.on() listener per @SubscribeMessage per socket, instead of Nest's
//            per-socket rxjs pipelines (fromEvent/share/first/mergeMap/takeUntil + subscription).
//  pattern:  handler lookup by Map.get(pattern) first; Nest's getHandlerByPattern() runs
//            JSON.parse(pattern) and catches the SyntaxError for every plain-string pattern.
//  ackbatch: one `multiple` ack per event-loop turn instead of channel.ack() per message (safe only
//            while handlers finish in delivery order, as the product's synchronous ones do).
//  nodelay:  TCP_NODELAY on the RabbitMQ connection (amqplib defaults to Nagle), so acks leave at once.
import { createSecretKey } from 'node:crypto';
import net from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { Server } from '@nestjs/microservices';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { EMPTY, catchError, defer } from 'rxjs';
import { installProbe } from '../lib/ipc-mem.mjs';

const patches = (process.env.BENCH_PATCHES ?? 'jwt,handlers,pattern').split(',');

if (patches.includes('jwt')) {
  const keys = new Map();
  const original = JwtService.prototype.getSecretKey;
  JwtService.prototype.getSecretKey = function (...args) {
    const secret = original.apply(this, args);
    if (typeof secret !== 'string') return secret;
    if (!keys.has(secret)) keys.set(secret, createSecretKey(Buffer.from(secret)));
    return keys.get(secret);
  };
}

if (patches.includes('handlers')) {
  IoAdapter.prototype.bindMessageHandlers = function (socket, handlers, transform) {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...payload) => {
        const { data, ack } = this.mapPayload(payload);
        defer(() => transform(callback(data, ack)))
          .pipe(catchError((err) => { this.logger.error(err); return EMPTY; }))
          .subscribe((response) => {
            if (response === undefined || response === null) return;
            if (response.event) return socket.emit(response.event, response.data);
            if (!isAckHandledManually && typeof ack === 'function') ack(response);
          });
      });
    }
  };
}

if (patches.includes('pattern')) {
  const original = Server.prototype.getHandlerByPattern;
  Server.prototype.getHandlerByPattern = function (pattern) {
    return this.messageHandlers.get(pattern) ?? original.call(this, pattern);
  };
}

if (patches.includes('ackbatch')) {
  const { NotificationsRmqServer } = await import('../../dist/libs/notifications/src/index.js');
  const wrapped = new WeakMap();
  const batching = (channel) => {
    let w = wrapped.get(channel);
    if (w) return w;
    let last = null;
    w = Object.create(channel);
    w.ack = (msg) => {
      if (!last) setImmediate(() => { channel.ack(last, true); last = null; });
      last = msg;
    };
    w.nack = (...a) => channel.nack(...a);
    wrapped.set(channel, w);
    return w;
  };
  const original = NotificationsRmqServer.prototype.handleMessage;
  NotificationsRmqServer.prototype.handleMessage = function (raw, channel) {
    return original.call(this, raw, raw ? batching(channel) : channel);
  };
}

if (patches.includes('nodelay')) {
  // amqplib calls setNoDelay(false) by default; http and ws sockets already use true.
  const original = net.Socket.prototype.setNoDelay;
  net.Socket.prototype.setNoDelay = function () { return original.call(this, true); };
}

installProbe();
await import('../../dist/src/main.js');
