// Pins a command to a CPU with taskset when the machine has the cores and the tool.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

let available;
function hasTaskset() {
  if (available === undefined) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      available = os.availableParallelism() >= 2;
    } catch {
      available = false;
    }
  }
  return available;
}

/** ['taskset','-c',cpu, ...argv] or argv unchanged. */
export function pinned(cpu, argv) {
  return cpu !== undefined && hasTaskset() ? ['taskset', '-c', String(cpu), ...argv] : argv;
}

export const pinningAvailable = () => hasTaskset();
