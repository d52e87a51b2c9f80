// Starts the product (dist/src/main.js) with the bench's env, plus the IPC memory/cpu probe.
// Env in: PORT, JWT_SECRET, NOTIFICATIONS_QUEUE, AMQP_URL (set by bench/lib/proc.mjs).
import { installProbe } from '../lib/ipc-mem.mjs';

installProbe();
await import('../../dist/src/main.js');
