// Diagnostics for W5 (BENCH_AMQP_PROBE=1, `--amqp-probe`): counts, inside a server process, how
// amqplib's deliveries arrive and how its frames leave, and GCs (count, pause ms); with
// `--amqp-probe=promises` also the promises created per delivery (async_hooks: slow, counts only). It wraps prototypes of the one amqplib copy
// in node_modules, which the product (through amqp-connection-manager) and the baseline both load.
// Costs about a microsecond per delivery; not for the numbers of a verdict run.
import { createHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stats = () => ({
  deliveries: 0, syncBatches: 0, maxSyncBatch: 0, turns: 0, maxTurn: 0,
  acks: 0, multipleAcks: 0, nacks: 0, socketWrites: 0, muxRuns: 0,
  ackedDeliveries: 0, ackLatencyUsSum: 0, ackLatencyUs: new Array(ACK_BUCKETS.length + 1).fill(0),
  gcs: 0, gcMs: 0, promises: null,
});
// Ack latency: from a delivery's arrival to the mux run that writes the ack frame covering it.
const ACK_BUCKETS = [100, 250, 500, 1000, 2000, 4000, 8000, 16000]; // upper bounds, us
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const arrivedAt = new Map(); // deliveryTag -> us (one consuming channel per server)
let pendingAcks = []; // [deliveryTag, multiple] since the last mux run
let s = stats();
let promiseMode = false;
let inSync = 0, inTurn = 0;
const closeSync = () => { s.maxSyncBatch = Math.max(s.maxSyncBatch, inSync); inSync = 0; };
const closeTurn = () => { s.maxTurn = Math.max(s.maxTurn, inTurn); inTurn = 0; };

/** `mode` 'promises' also counts every promise created (async_hooks; slows the server down a lot). */
export function installAmqpProbe(mode) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { s.gcs++; s.gcMs += e.duration; }
  }).observe({ entryTypes: ['gc'] });
  if (mode === 'promises') {
    promiseMode = true;
    createHook({ init(id, type) { if (type === 'PROMISE') s.promises = (s.promises ?? 0) + 1; } }).enable();
  }
  // By file path (the package's `exports` hides lib/): the same module instances amqplib uses.
  const lib = (f) => createRequire(import.meta.url)(path.join(root, 'node_modules/amqplib/lib', f));
  const { BaseChannel, Channel } = lib('channel.js');
  const { Mux } = lib('mux.js');
  const defs = lib('defs.js');
  const handleDelivery = BaseChannel.prototype.handleDelivery;
  BaseChannel.prototype.handleDelivery = function (message) {
    s.deliveries++;
    arrivedAt.set(message.fields.deliveryTag, nowUs());
    // One synchronous run of deliveries = one parse of what a socket read brought in.
    if (inSync++ === 0) { s.syncBatches++; queueMicrotask(closeSync); }
    if (inTurn++ === 0) { s.turns++; setImmediate(closeTurn); }
    return handleDelivery.call(this, message);
  };
  const sendImmediately = Channel.prototype.sendImmediately;
  Channel.prototype.sendImmediately = function (method, fields) {
    if (method === defs.BasicAck) { s.acks++; if (fields?.multiple) s.multipleAcks++; }
    else if (method === defs.BasicNack) s.nacks++;
    if (method === defs.BasicAck || method === defs.BasicNack) pendingAcks.push([fields.deliveryTag, fields.multiple]);
    return sendImmediately.call(this, method, fields);
  };
  const readIncoming = Mux.prototype._readIncoming;
  Mux.prototype._readIncoming = function () {
    if (!this.__probed) {
      this.__probed = true;
      const write = this.out.write.bind(this.out);
      this.out.write = (...a) => { s.socketWrites++; return write(...a); };
    }
    s.muxRuns++;
    if (pendingAcks.length) {
      const t = nowUs();
      for (const [tag, multiple] of pendingAcks) {
        const tags = multiple ? [...arrivedAt.keys()].filter((k) => k <= tag) : [tag];
        for (const k of tags) {
          const at = arrivedAt.get(k);
          if (at === undefined) continue;
          arrivedAt.delete(k);
          const us = t - at;
          s.ackedDeliveries++;
          s.ackLatencyUsSum += us;
          const b = ACK_BUCKETS.findIndex((x) => us <= x);
          s.ackLatencyUs[b === -1 ? ACK_BUCKETS.length : b]++;
        }
      }
      pendingAcks = [];
    }
    return readIncoming.call(this);
  };
}

/** Counters since the last reset, plus the averages; reset=true starts a new window. */
export function amqpStats(reset) {
  const out = {
    ...s, perSyncBatch: s.syncBatches ? s.deliveries / s.syncBatches : null, perTurn: s.turns ? s.deliveries / s.turns : null,
    ackLatencyMeanUs: s.ackedDeliveries ? Math.round(s.ackLatencyUsSum / s.ackedDeliveries) : null,
    promisesPerDelivery: s.promises !== null && s.deliveries ? s.promises / s.deliveries : null,
    ackLatencyBucketsUs: [...ACK_BUCKETS.map((x) => `<=${x}`), `>${ACK_BUCKETS.at(-1)}`],
  };
  if (reset) { s = stats(); if (promiseMode) s.promises = 0; }
  return out;
}
