import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notificationsQueueOptions } from '#notifications';
import { AmqpTestClient } from '../helpers/amqp.js';
import { closeAllSockets, connectSocket, waitForEvent } from '../helpers/socket.js';
import { TestTokens } from '../helpers/tokens.js';
import { run } from './commands.js';
import { FixtureApp } from './fixture-app.js';
import { copiesOf, installedVersions } from './npm-tree.js';
import { runtimeImports } from './runtime-imports.js';

/**
 * The library as a user gets it: `npm run pack:lib` makes the tarball, each fixture
 * app (fixtures/<name>, with its own lockfile) installs it, builds, and runs against
 * the real RabbitMQ; the checks come from outside, over HTTP, Socket.IO and AMQP.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACK_DIR = join(ROOT, 'dist/pack');
const MINUTE = 60_000;

interface Fixture {
  name: string;
  nestMajor: number;
  main: string;
  /** Node flags for the built app. */
  nodeArgs: string[];
  /** npm scripts of the fixture run after its build (its typechecks, its own tests). */
  scripts: string[];
}

const FIXTURES: Fixture[] = [
  {
    name: 'nest11-cjs-express',
    nestMajor: 11,
    main: 'dist/main.js',
    // Proves the CommonJS host loads nothing ESM-only: Node without require(esm), as before 20.19.
    nodeArgs: ['--no-experimental-require-module'],
    // The CLI template's own jest e2e test, and TypeScript's node10 resolution (module: commonjs).
    scripts: ['typecheck:node10', 'test:e2e'],
  },
  { name: 'nest12-esm-fastify', nestMajor: 12, main: 'dist/main.js', nodeArgs: [], scripts: [] },
];

const summaries: string[] = [];
const timings: Record<string, string> = {};
/** Runs a step and notes how long it took, for the closing summary. */
async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await step();
  } finally {
    timings[label] = `${((Date.now() - started) / 1000).toFixed(1)}s`;
  }
}
let tarball: string;
let workRoot: string;

const workDir = (fixture: Fixture) => join(workRoot, fixture.name);

beforeAll(async () => {
  workRoot = mkdtempSync(join(tmpdir(), 'nest-notify-fixtures-'));
  // The slow steps overlap: tsc builds the tarball while npm installs each fixture.
  // A fresh copy each run: its committed lockfile is installed as is (npm ci), and the
  // tarball is added in the copy later, so the repository's fixture never changes.
  const steps = await Promise.allSettled([
    timed('pack', () => run('npm', ['run', 'pack:lib'], { cwd: ROOT, ms: 5 * MINUTE })),
    ...FIXTURES.map((fixture) => {
      cpSync(join(ROOT, 'fixtures', fixture.name), workDir(fixture), { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) });
      return timed(`${fixture.name} npm ci`, () => run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: workDir(fixture), ms: 10 * MINUTE }));
    }),
  ]);
  const failed = steps.find((step) => step.status === 'rejected');
  if (failed) throw failed.reason;
  const packed = readdirSync(PACK_DIR).filter((file) => file.endsWith('.tgz'));
  if (packed.length !== 1) throw new Error(`expected one tarball in ${PACK_DIR}, found: ${packed.join(', ') || 'none'}`);
  tarball = join(PACK_DIR, packed[0]!);
}, 12 * MINUTE);

afterAll(() => {
  if (workRoot) rmSync(workRoot, { recursive: true, force: true });
  const steps = Object.entries(timings).map(([label, time]) => `${label} ${time}`).join(', ');
  if (summaries.length) console.log(`packaging fixtures:\n${summaries.join('\n')}\n  steps: ${steps}`);
});

describe('the tarball', () => {
  let pkg: string;
  const json = (file: string) => JSON.parse(readFileSync(join(pkg, file), 'utf8'));

  beforeAll(async () => {
    await run('tar', ['xzf', tarball, '-C', workRoot], { cwd: workRoot, ms: MINUTE });
    pkg = join(workRoot, 'package');
  });

  it('holds README, LICENSE, the ESM and CommonJS builds with their types, and source maps that carry their sources', () => {
    for (const file of ['README.md', 'LICENSE', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts']) {
      expect(existsSync(join(pkg, file))).toBe(true);
    }
    expect(json('dist/cjs/package.json')).toEqual({ type: 'commonjs' });
    expect(json('package.json')).toMatchObject({
      exports: {
        '.': {
          import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' },
          require: { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' },
        },
        './client': {
          import: { types: './dist/esm/client/index.d.ts', default: './dist/esm/client/index.js' },
          require: { types: './dist/cjs/client/index.d.ts', default: './dist/cjs/client/index.js' },
        },
        './package.json': './package.json',
      },
      main: './dist/cjs/index.js',
      types: './dist/cjs/index.d.ts',
    });
    const files = readdirSync(pkg, { recursive: true, encoding: 'utf8' });
    expect(files.filter((file) => /\.spec\.|\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    for (const map of files.filter((file) => file.endsWith('.js.map'))) {
      const { sources, sourcesContent } = json(map) as { sources: string[]; sourcesContent?: string[] };
      expect({ map, inlined: sourcesContent?.length }).toEqual({ map, inlined: sources.length });
    }
  });

  it('declares every package its code loads; socket.io is not one; optional peers load only on demand', () => {
    const manifest = json('package.json') as Record<string, Record<string, unknown>>;
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const optional = Object.keys(manifest.peerDependenciesMeta ?? {});
    for (const build of ['dist/esm', 'dist/cjs']) {
      const { eager, lazy } = runtimeImports(join(pkg, build));
      expect({ build, undeclared: [...eager, ...lazy].filter((name) => !declared.has(name)) }).toEqual({ build, undeclared: [] });
      expect({ build, eagerOptional: [...eager].filter((name) => optional.includes(name)) }).toEqual({ build, eagerOptional: [] });
      expect(eager).not.toContain('socket.io');
      expect(eager).toContain('@nestjs/common'); // the scan sees imports at all
    }
  });

  it('has a client entry that loads no package at all (browsers, React Native), in both builds', () => {
    for (const build of ['dist/esm/client', 'dist/cjs/client']) {
      const { eager, lazy } = runtimeImports(join(pkg, build));
      expect({ build, loads: [...eager, ...lazy] }).toEqual({ build, loads: [] });
    }
  });
});

/** A client's first sync point, through the package's `./client` entry: proves the export map and the build. */
const CLIENT_PROBE = "const r = new InboxResume(); r.connected(); r.synced({ cursor: 'e.5', scope: 's' }); console.log(JSON.stringify(r.handshake()));";
const CLIENT_HANDSHAKE = { cursor: 'e.5', since: 'e.5', received: 0, scope: 's' };

describe.each(FIXTURES)('packed library in $name', (fixture) => {
  const queue = `packaging.${fixture.name}.${randomBytes(4).toString('hex')}`;
  const tokens = new TestTokens(randomBytes(24).toString('hex'));
  let dir: string;
  let app: FixtureApp | undefined;
  let url: string;
  let amqp: AmqpTestClient;

  beforeAll(async () => {
    dir = workDir(fixture);
    const step = (what: string, args: string[], ms: number) => timed(`${fixture.name} ${what}`, () => run('npm', args, { cwd: dir, ms }));
    await step('install tarball', ['install', '--no-audit', '--no-fund', tarball], 5 * MINUTE);
    await step('build', ['run', 'build'], 3 * MINUTE);

    amqp = await AmqpTestClient.open();
    app = FixtureApp.start(fixture.name, dir, fixture.main, { PORT: '0', JWT_SECRET: tokens.secret, NOTIFICATIONS_QUEUE: queue }, fixture.nodeArgs);
    [, url] = (await app.waitFor(/fixture listening on (\S+)/, MINUTE)) as [string, string];
    // The consumer connects in the background; it declared the queue once it says so.
    await app.waitFor(new RegExp(`consuming ${queue.replaceAll('.', '\\.')}`), 30_000);
  }, 10 * MINUTE);

  afterAll(async () => {
    closeAllSockets();
    const stopped = await app?.stop();
    await amqp?.deleteQueues(queue);
    await amqp?.close();
    if (app && stopped !== 'SIGTERM' && stopped !== 0) throw new Error(`${fixture.name} did not stop on SIGTERM (${stopped})\n${app.logs()}`);
  });

  /** Fails with the app's output, so a failing check shows what the fixture said. */
  const withLogs = async (check: () => Promise<void>) => {
    try {
      await check();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${app?.logs()}`);
    }
  };

  it(`has one @nestjs/core and one @nestjs/common, both Nest ${fixture.nestMajor}, and one socket.io`, async () => {
    const major = expect.stringMatching(new RegExp(`^${fixture.nestMajor}\\.`));
    expect(await copiesOf(dir, ['@nestjs/core', '@nestjs/common', 'socket.io'])).toEqual({
      '@nestjs/core': [major],
      '@nestjs/common': [major],
      'socket.io': [expect.any(String)],
    });
    const versions = await installedVersions(dir);
    summaries.push(`  ${fixture.name}: ${Object.entries(versions).map(([name, version]) => `${name}@${version}`).join(' ')}`);
  });

  it("pushes to the user's socket from the fixture's own REST route", () =>
    withLogs(async () => {
      const socket = await connectSocket(url, tokens.user('alice'));
      const pushed = waitForEvent<{ id: string; type: string; data: unknown }>(socket, 'notify', 5000);
      const response = await fetch(`${url}/ping/alice`, { method: 'POST' });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      expect(await pushed).toMatchObject({ id, type: 'ping', data: { from: fixture.name } });
    }));

  it('pushes order.created published with plain amqplib to the admin role', () =>
    withLogs(async () => {
      const admin = await connectSocket(url, tokens.admin('ops'));
      const pushed = waitForEvent(admin, 'notify', 5000);
      await amqp.channel.assertQueue(queue, notificationsQueueOptions(queue));
      amqp.publish(queue, 'order.created', { orderId: 'o-1042', total: 5 });
      expect(await pushed).toMatchObject({ type: 'order.created', data: { orderId: 'o-1042', total: 5 } });
    }));

  it("keeps the library's own error paths on this Nest: REST 401/400, socket ack, dead letter", () =>
    withLogs(async () => {
      const post = (headers: Record<string, string>, body: unknown) =>
        fetch(`${url}/notifications`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await post({}, { type: 'x', broadcast: true })).status).toBe(401);
      const invalid = await post({ authorization: `Bearer ${tokens.admin()}` }, { type: '' });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ code: 'INVALID_PAYLOAD' });

      const admin = await connectSocket(url, tokens.admin('ops-2'));
      expect(await admin.timeout(5000).emitWithAck('notify', { type: 'maintenance', broadcast: true })).toMatchObject({ ok: true });
      expect(await admin.timeout(5000).emitWithAck('notify', { type: '' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

      amqp.publishRaw(queue, 'not json');
      const [dead] = await amqp.take(`${queue}.dlq`, 1, 10_000);
      expect(dead!.content.toString()).toBe('not json');
    }));

  it('loads @nest-notify/notifications/client with require and with import', async () => {
    const node = (args: string[]) => run(process.execPath, args, { cwd: dir, ms: MINUTE });
    const required = await node(['-e', `const { InboxResume } = require('@nest-notify/notifications/client'); ${CLIENT_PROBE}`]);
    const imported = await node(['--input-type=module', '-e', `import { InboxResume } from '@nest-notify/notifications/client'; ${CLIENT_PROBE}`]);
    for (const { output } of [required, imported]) expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual(CLIENT_HANDSHAKE);
  });

  for (const script of fixture.scripts) {
    it(`passes the fixture's own \`npm run ${script}\``, async () => {
      await timed(`${fixture.name} ${script}`, () => run('npm', ['run', script], { cwd: dir, ms: 5 * MINUTE }));
    }, 6 * MINUTE);
  }
});
