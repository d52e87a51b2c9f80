// Starts the product (dist/src/main.js) with the bench's env, plus the IPC memory/cpu probe.
// Env in: PORT, JWT_SECRET, NOTIFICATIONS_QUEUE, AMQP_URL (set by bench/lib/proc.mjs).
// BENCH_OURS_DIST=<dir> starts <dir>/src/main.js instead (kind `ours-ref`, see bench/snapshot-ref.mjs).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installProbe } from '../lib/ipc-mem.mjs';

installProbe();
const dist = process.env.BENCH_OURS_DIST;
await import(dist ? pathToFileURL(path.join(dist, 'src/main.js')).href : '../../dist/src/main.js');
