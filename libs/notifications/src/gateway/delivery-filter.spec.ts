import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { installDeliveryFilter } from './delivery-filter.js';

/**
 * Pins the Socket.IO internal the gateway relies on: a room broadcast reaches each
 * socket through the adapter's `apply(opts, callback)`, looked up on the instance.
 * If an upgrade changes that, this fails instead of production.
 */
describe('installDeliveryFilter (socket.io adapter internals)', () => {
  let http: HttpServer;
  let server: Server;
  const clients: ClientSocket[] = [];

  beforeEach(async () => {
    http = createServer();
    server = new Server(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await new Promise((resolve) => server.close(resolve));
  });

  async function join(name: string): Promise<ClientSocket> {
    const nsp = server.of('/n');
    const joined = new Promise<Socket>((resolve) => nsp.once('connection', resolve));
    const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}/n`, { transports: ['websocket'], forceNew: true, auth: { name } });
    clients.push(client);
    const socket = await joined;
    socket.data.name = name;
    socket.join('room');
    return client;
  }

  it('a broadcast is written only to the sockets the filter allows; others in the room get nothing', async () => {
    const nsp = server.of('/n');
    const packets: unknown[] = [];
    installDeliveryFilter(nsp, (socket, packet) => {
      if (socket.data.name === 'allowed') packets.push(packet?.data);
      return socket.data.name !== 'blocked';
    });
    const allowed = await join('allowed');
    const blocked = await join('blocked');
    const got: string[] = [];
    blocked.on('push', (n: string) => got.push(`blocked:${n}`));
    const arrived = new Promise<void>((resolve) => allowed.on('push', (n: string) => (got.push(`allowed:${n}`), n === 'last' && resolve())));
    nsp.to('room').emit('push', 'first');
    nsp.emit('push', 'last');
    await arrived;
    // A direct emit to the blocked socket is not a broadcast: it still arrives, after the others.
    const direct = new Promise((resolve) => blocked.once('direct', resolve));
    for (const socket of nsp.sockets.values()) if (socket.data.name === 'blocked') socket.emit('direct', 1);
    await direct;
    expect(got).toEqual(['allowed:first', 'allowed:last']);
    // The filter sees each broadcast's packet (through the adapter's _encode); other apply() uses are not filtered.
    expect(packets).toEqual([['push', 'first'], ['push', 'last']]);
    expect((await nsp.fetchSockets()).length).toBe(2);
    expect(packets).toHaveLength(2);
  });
});
