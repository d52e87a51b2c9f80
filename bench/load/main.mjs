// Load process: socket.io clients, commanded over IPC by bench/run.mjs; reports its own CPU per command.
import { cpuMeter } from '../lib/cpu.mjs';
import { tokenFactory } from '../lib/tokens.mjs';
import { handshakes } from './handshakes.mjs';
import { closeAll, collectFollowed, collectOrders, connectMany, trackFollowed } from './pool.mjs';

let ctx = {};
const commands = {
  init: ({ url, urls, secret }) => { ctx = { url, urls, tokens: tokenFactory(secret) }; return {}; },
  connect: (m) => connectMany({ ...m, ...ctx }),
  close: () => closeAll(),
  handshakes: (m) => handshakes({ ...m, ...ctx }),
  track: (m) => trackFollowed(m.run),
  collect: (m) => collectFollowed(m),
  orders: (m) => collectOrders(m),
  cpuStart: () => { ctx.meter = cpuMeter(); return {}; },
  cpuStop: () => ctx.meter?.stop() ?? {},
};

process.on('message', async (msg) => {
  if (msg?.cmd === 'exit') process.exit(0);
  const meter = cpuMeter();
  try {
    const result = await commands[msg.cmd](msg);
    process.send({ ...result, id: msg.id, loadCpu: meter.stop() });
  } catch (error) {
    process.send({ id: msg.id, error: error?.stack ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
