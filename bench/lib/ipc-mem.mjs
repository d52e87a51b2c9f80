// IPC probe for server processes: {cmd:'mem'} -> forced GC then memoryUsage; {cmd:'cpu'} -> cpuUsage;
// with BENCH_AMQP_PROBE=1|promises also {cmd:'amqpStats', reset} (bench/lib/amqp-probe.mjs).
import { amqpStats, installAmqpProbe } from './amqp-probe.mjs';

export function installProbe() {
  if (!process.send) return;
  const amqpProbe = !!process.env.BENCH_AMQP_PROBE;
  if (amqpProbe) installAmqpProbe(process.env.BENCH_AMQP_PROBE);
  process.on('message', (msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.cmd === 'mem') {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      const m = process.memoryUsage();
      // maxRss: the peak RSS of the process so far (getrusage), in bytes.
      process.send({ id: msg.id, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, maxRss: process.resourceUsage().maxRSS * 1024 });
    } else if (msg.cmd === 'exit') {
      process.exit(0); // a normal exit, so --cpu-prof writes its profile
    } else if (msg.cmd === 'amqpStats') {
      process.send({ id: msg.id, ...(amqpProbe ? amqpStats(msg.reset) : { off: true }) });
    } else if (msg.cmd === 'cpu') {
      const ru = process.resourceUsage();
      // Context switches: how often the process slept and was woken (voluntary) or was preempted.
      process.send({ id: msg.id, ...process.cpuUsage(), at: Date.now(), wakes: ru.voluntaryContextSwitches, preempted: ru.involuntaryContextSwitches });
    }
  });
  // The IPC channel must not keep a server alive once the orchestrator is gone.
  process.on('disconnect', () => process.exit(0));
}
