// A hostile client in a process of its own, so its own work does not slow the test's
// event loop: connects with the token given, sends COUNT `notify` events without an
// ack at about RATE per second, and prints how the server ended the connection.
// Usage: node flood-client.mjs <url> <token> [count] [rate]
import { io } from 'socket.io-client';

const [url, token, count = '10000', rate = '10000'] = process.argv.slice(2);
const socket = io(`${url}/notifications`, { auth: { token }, transports: ['websocket'], reconnection: false });
const total = Number(count);
const perTick = Math.max(1, Math.round(Number(rate) / 100));

socket.on('connect', () => {
  let sent = 0;
  const tick = setInterval(() => {
    for (let i = 0; i < perTick && sent < total && socket.connected; i++, sent++) socket.emit('notify', { type: 'spam', broadcast: true });
    if (sent >= total || !socket.connected) clearInterval(tick);
  }, 10);
});
socket.on('connect_error', (error) => {
  console.log(JSON.stringify({ connectError: error.message }));
  process.exit(1);
});
socket.on('disconnect', (reason) => {
  console.log(JSON.stringify({ disconnect: reason }));
  process.exit(0);
});
setTimeout(() => {
  console.log(JSON.stringify({ disconnect: null }));
  process.exit(0);
}, 10_000).unref();
