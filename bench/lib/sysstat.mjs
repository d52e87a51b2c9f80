// Whole-machine and RabbitMQ CPU from /proc (Linux only; null elsewhere), to spot a busy host or broker.
import fs from 'node:fs';

const read = (p) => { try { return fs.readFileSync(p, 'utf8'); } catch { return null; } };
let brokerPid;

function findBroker() {
  if (brokerPid !== undefined) return brokerPid;
  brokerPid = null;
  for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    if (read(`/proc/${d}/comm`)?.trim() === 'beam.smp') { brokerPid = d; break; }
  }
  return brokerPid;
}

function snapshot() {
  const cpu = read('/proc/stat')?.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const pid = findBroker();
  const st = pid && read(`/proc/${pid}/stat`)?.split(') ')[1]?.split(' ');
  return { at: Date.now(), cpu, broker: st ? Number(st[11]) + Number(st[12]) : null };
}

/** start() -> stop() gives { machineBusyPct (of all cores, 100 = every core busy), brokerCpuPct (of one core) }. */
export function sysMeter() {
  const a = snapshot();
  return {
    stop() {
      const b = snapshot();
      if (!a.cpu || !b.cpu) return { machineBusyPct: null, brokerCpuPct: null };
      const d = b.cpu.map((v, i) => v - a.cpu[i]);
      const total = d.reduce((x, y) => x + y, 0);
      const idle = d[3] + (d[4] ?? 0);
      const ticksPerSec = 100;
      const brokerCpuPct = a.broker !== null && b.broker !== null ? Math.round(((b.broker - a.broker) / ticksPerSec / ((b.at - a.at) / 1000)) * 1000) / 10 : null;
      return { machineBusyPct: total ? Math.round(((total - idle) / total) * 1000) / 10 : null, brokerCpuPct };
    },
  };
}

/** CPU ms of every process whose /proc comm is `comm` (e.g. redis-server), summed; null when none. */
export function processCpuMs(comm) {
  let ticks = null;
  for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    if (read(`/proc/${d}/comm`)?.trim() !== comm) continue;
    const st = read(`/proc/${d}/stat`)?.split(') ')[1]?.split(' ');
    if (st) ticks = (ticks ?? 0) + Number(st[11]) + Number(st[12]);
  }
  return ticks === null ? null : ticks * 10; // USER_HZ is 100 on Linux
}
