// CPU use of this process between start() and stop(), as a share of one core.
export function cpuMeter() {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  return {
    stop() {
      const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const cpuUs = c.user + c.system;
      return { cpuPct: Math.round((cpuUs / wallUs) * 1000) / 10, cpuMs: Math.round(cpuUs / 1000), wallMs: Math.round(wallUs / 1000) };
    },
  };
}

/** Difference of two process.cpuUsage() readings as a share of one core over wallMs. */
export function cpuShare(before, after, wallMs) {
  const cpuUs = after.user - before.user + (after.system - before.system);
  return Math.round((cpuUs / 1000 / wallMs) * 1000) / 10;
}
