import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { NotificationsService, type NotificationEnvelope } from '#notifications';
import { InboxResume } from '#notifications/client';
import { sample, scrape } from './helpers/metrics.js';
import { postgresInbox } from './helpers/postgres.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait-until.js';

const README = new URL('../README.md', import.meta.url);
const MARK = '// JavaScript (browser or Node): the auth callback runs before every (re)connect';
const PACKAGE = JSON.parse(readFileSync(new URL('../libs/notifications/package.json', import.meta.url), 'utf8')).name as string;

/** The README's JavaScript client, as a new user would copy it: from its first line to the end of its block. */
function readmeClient(): string {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(MARK);
  if (start < 0) throw new Error('the README has no JavaScript client block');
  return text.slice(start, text.indexOf('```', start));
}

type Socket = ReturnType<typeof io>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<Socket>;

/**
 * Runs the README's client against `url`, with its placeholders filled in (`getToken`,
 * `show`, ...), its check every 200 ms instead of every minute, and its timers stopped by `stop`.
 */
async function runReadmeClient(url: string, token: string) {
  const shown: NotificationEnvelope[] = [];
  const timers: NodeJS.Timeout[] = [];
  const code = readmeClient().replace("'https://api.example.com/notifications'", JSON.stringify(`${url}/notifications`)).replace('}, 60_000);', '}, 200);');
  if (!code.includes('}, 200);')) throw new Error('the README client no longer checks on a timer');
  // Its imports, as a new user's bundler would resolve them: the package's own client entry.
  const imports = code.split('\n').filter((line) => line.startsWith('import '));
  expect(imports).toEqual([
    "import { io } from 'socket.io-client';",
    `import { InboxResume } from '${PACKAGE}/client'; // no dependencies: browsers, Node, React Native`,
  ]);
  const body = code.split('\n').filter((line) => !line.startsWith('import ')).join('\n');
  const run = new AsyncFunction('io', 'InboxResume', 'getToken', 'show', 'setBadge', 'render', 'authHeaders', 'id', 'setInterval', `${body}\nreturn socket;`);
  const every = (fn: () => void, ms: number) => timers.push(setInterval(fn, ms));
  const socket = await run(io, InboxResume, () => token, (n: NotificationEnvelope) => shown.push(n), () => undefined, () => undefined, () => ({}), '019ac1f2-8e31-7c3a-9d41-6f0e1b2c3d4e', every);
  return {
    socket,
    shown,
    stop() {
      timers.forEach(clearInterval);
      socket.disconnect();
    },
  };
}

describe("the README's JavaScript client, run as written", () => {
  let a: TestApp;
  let b: TestApp; // shares A's inbox, no Redis: what it stores is pushed to no socket of A
  let front: TcpProxy;
  let client: Awaited<ReturnType<typeof runReadmeClient>> | undefined;

  beforeAll(async () => {
    a = await startTestApp(postgresInbox('readme_client'), 'readme-client');
    b = await startTestApp({
      DATABASE_URL: a.config.inbox.databaseUrl!,
      DATABASE_SCHEMA: a.config.inbox.schema,
      JWT_SECRET: a.config.jwtSecret,
      NOTIFICATIONS_QUEUE: a.queue,
    });
    front = new TcpProxy(await TcpProxy.freePort(), { host: '127.0.0.1', port: Number(new URL(a.url).port) });
    await front.start();
  });
  afterEach(() => client?.stop());
  afterAll(async () => {
    await front?.stop();
    await b?.stopApp(); // a drops the shared schema and queue
    await b?.amqp.close();
    await a?.close();
  });

  const types = () => client!.shown.map((n) => n.type);
  const metric = async (series: string) => sample(await scrape(a.url), series);

  it('shows pushes once, resumes after a drop without a replay, and finds a push that never came', async () => {
    client = await runReadmeClient(`http://127.0.0.1:${front.port}`, a.tokens.user('reader'));
    const service = a.app.get(NotificationsService);
    await service.toUser('reader', 'one');
    await service.toUser('reader', 'two');
    await waitUntil(() => types().length === 2, 'two pushes shown');

    const afterCursor = await metric('notifications_inbox_resumes_total{result="after_cursor"}');
    front.dropConnections(); // socket.io-client reconnects by itself, with cursor, since and received
    await waitUntil(async () => (await metric('notifications_inbox_resumes_total{result="after_cursor"}')) > afterCursor, 'the resume');
    await service.toUser('reader', 'three');
    await waitUntil(() => types().length === 3, 'the push after the resume');

    // Stored, pushed to no socket here: the check reports it as newest, the next one reconnects for it.
    await b.app.get(NotificationsService).toUser('reader', 'lost');
    await waitUntil(() => types().includes('lost'), 'the lost one, after a check and a reconnect', 10_000);
    expect(types()).toEqual(['one', 'two', 'three', 'lost']);
    expect(await metric('notifications_inbox_checks_total{result="incomplete"}')).toBe(0);
    expect(await metric('notifications_inbox_resumes_total{result="gap_replayed"}')).toBe(0);
  }, 30_000);

  it('has a Python client that at least compiles (python-socketio is not installed here)', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf('# Python (pip install "python-socketio[client]")');
    expect(start).toBeGreaterThan(0);
    const python = text.slice(start, text.indexOf('```', start));
    expect(python).toContain('"since"');
    execFileSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "README python client", "exec")'], { input: python });
  });
});
