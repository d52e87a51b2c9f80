import { NotificationsService } from '#notifications';
import { closeAllSockets, connectSocket } from './helpers/socket.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

describe('connection lifecycle', () => {
  let t: TestApp;
  let service: NotificationsService;

  beforeAll(async () => {
    t = await startTestApp({}, 'lifecycle');
    service = t.app.get(NotificationsService);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => t.close());

  it('leaves no socket and no room behind after 1,000 connect/disconnect cycles', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const tokens = Array.from({ length: 20 }, (_, i) => t.tokens.user(`cycler-${i}`, ['user', `team-${i % 3}`]));
    for (let round = 0; round < 50; round++) {
      const sockets = await Promise.all(tokens.map((token) => connectSocket(t.url, token)));
      expect(service.stats().sockets).toBe(20);
      for (const socket of sockets) socket.disconnect();
    }
    await waitUntil(() => service.stats().sockets === 0, 'every socket is gone on the server');
    expect(service.stats()).toEqual({ sockets: 0, rooms: 0 });
    // A coarse guard against per-connection retention; exact numbers belong to the benchmark.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('a user with two tabs keeps its room when one tab closes', async () => {
    const tab1 = await connectSocket(t.url, t.tokens.user('tabs'));
    const tab2 = await connectSocket(t.url, t.tokens.user('tabs'));
    tab1.disconnect();
    await waitUntil(() => service.stats().sockets === 1, 'the first tab is gone');
    const arrival = new Promise((resolve) => tab2.once('notify', resolve));
    await service.toUser('tabs', 'still-here');
    expect(await arrival).toMatchObject({ type: 'still-here' });
  });
});
