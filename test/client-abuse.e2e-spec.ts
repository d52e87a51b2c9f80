import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NotificationsService, type NotifyAck } from '#notifications';
import { closeAllSockets, connectAwaiting, connectError, connectSocket, waitForEvent, type ClientSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const FLOOD_CLIENT = fileURLToPath(new URL('./scripts/flood-client.mjs', import.meta.url));
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)];

/** Pushes `count` notifications to a socket, one every 5 ms, and resolves with how long each took to arrive. */
async function pushLatencies(service: NotificationsService, socket: ClientSocket, userId: string, type: string, count: number): Promise<number[]> {
  const seen: number[] = [];
  const all = new Promise<void>((resolve) =>
    socket.on('notify', (e) => e.type === type && seen.push(Date.now() - (e.data as { at: number }).at) === count && resolve()),
  );
  for (let i = 0; i < count; i++) {
    await service.toUser(userId, type, { at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await all;
  return seen;
}

describe('a client that floods the server with events', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, 'abuse');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('over the rate, events with an ack are answered RATE_LIMITED; within it they work', async () => {
    const admin = await connectSocket(t.url, t.tokens.admin('busy-admin'));
    const acks: NotifyAck[] = await Promise.all(
      Array.from({ length: 60 }, () => admin.timeout(5000).emitWithAck('notify', { type: 'burst', userIds: ['nobody'] })),
    );
    // The burst of 40, plus the odd token refilled (20/s) while the 60 are on their way.
    const ok = acks.filter((a) => a.ok).length;
    expect(ok).toBeGreaterThanOrEqual(40);
    expect(ok).toBeLessThanOrEqual(44);
    expect(acks.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(Array(60 - ok).fill('RATE_LIMITED'));
    expect(admin.connected).toBe(true);
  });

  it('inbox:check counts as ten events (three store queries each): four of a burst are answered, the rest RATE_LIMITED', async () => {
    const { socket, first } = await connectAwaiting(t.url, t.tokens.user('checker'), {}, ['inbox:synced']);
    const { cursor } = await first['inbox:synced'];
    const acks = await Promise.all(
      Array.from({ length: 8 }, () => socket.timeout(5000).emitWithAck('inbox:check', { cursor, since: cursor, received: 0 })),
    );
    // The burst of 40 is four checks; a fifth needs 500 ms of refill at 20 events/s.
    const answered = acks.filter((a) => a.ok).length;
    expect(answered).toBeGreaterThanOrEqual(4);
    expect(answered).toBeLessThanOrEqual(5);
    expect(acks.slice(0, answered)).toEqual(Array(answered).fill({ ok: true, complete: true }));
    expect(acks.slice(answered).map((a) => !a.ok && a.error.code)).toEqual(Array(8 - answered).fill('RATE_LIMITED'));
    expect(socket.connected).toBe(true);
  });

  it('10,000 events without an ack in a second: a few log lines, no stack, the flooder disconnected, others barely notice', async () => {
    const service = t.app.get(NotificationsService);
    const bystander = await connectSocket(t.url, t.tokens.user('bystander'));
    const calm = await pushLatencies(service, bystander, 'bystander', 'calm', 100);
    const linesBefore = t.logger.lines.length;
    const flooder = spawn(process.execPath, [FLOOD_CLIENT, t.url, t.tokens.user('flooder'), '10000', '10000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    flooder.stdout!.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => flooder.on('exit', resolve));
    const during = await pushLatencies(service, bystander, 'bystander', 'during', 200);
    await exited;

    const lines = t.logger.lines.slice(linesBefore);
    const { disconnect } = JSON.parse(output.trim().split('\n').at(-1)!);
    console.log(`flood: ${lines.length} log lines, flooder ${disconnect}, bystander p99 ${p99(during)} ms during, ${p99(calm)} ms before`);
    expect(disconnect).toBe('io server disconnect');
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines.some((line) => /^ERROR/.test(line) || /\n\s+at /.test(line))).toBe(false);
    expect(lines.join('\n')).toMatch(/Disconnected after 200 events refused in a row: user flooder/);
    // Before the limits: 806 ms, with 100,000 log lines. A loose bound: this machine is shared and noisy.
    expect(p99(during)).toBeLessThan(Math.max(150, 5 * p99(calm)));
  });

  it('caps sockets per user: the newest beyond 20 is refused, the open ones keep working', async () => {
    const token = t.tokens.user('many-tabs');
    const tabs = [];
    for (let i = 0; i < 20; i++) tabs.push(await connectSocket(t.url, token));
    const refused = await connectError(t.url, token);
    expect(refused.data).toEqual({ code: 'TOO_MANY_CONNECTIONS', message: expect.stringMatching(/at most 20/) });
    expect(tabs.every((tab) => tab.connected)).toBe(true);
    const closed = waitForEvent(tabs[0], 'disconnect');
    tabs[0].disconnect();
    await closed;
    await expect(connectSocket(t.url, token)).resolves.toBeDefined();
  });
});
