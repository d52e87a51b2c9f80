import { Controller, Get, type INestApplication, Inject, Injectable, Module } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import { Registry } from 'prom-client';
import { io, type Socket } from 'socket.io-client';
import { NotificationsHealthIndicator } from './health/notifications-health.indicator.js';
import { NotificationsService } from './core/notifications.service.js';
import { NotificationsModule } from './notifications.module.js';
import type { NotificationsModuleExtras, NotificationsModuleOptions } from './notifications-options.interface.js';
import { setupNotifications } from './setup-notifications.js';

/**
 * The library as a library: NotificationsModule in a bare Nest app built with
 * @nestjs/testing (no demo host), with real HTTP and real sockets. The consumer
 * is not connected here; test/ covers it against RabbitMQ.
 */
const SECRET = 'module-spec-secret-0123456789abcdefXYZ';
const token = (sub: string, roles: string[]) => jwt.sign({ sub, roles }, SECRET, { algorithm: 'HS256', expiresIn: 60 });
const options: NotificationsModuleOptions = { jwt: { secret: SECRET } };

const apps: INestApplication[] = [];
const sockets: Socket[] = [];

async function start(imports: unknown[], { fastify = false, consumer = false } = {}): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
  const app = fastify
    ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication({ logger: false });
  apps.push(app);
  setupNotifications(app, { consumer });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl().then((u) => u.replace('[::1]', '127.0.0.1')) };
}

function connect(url: string, namespace = '/notifications', sub = 'u1'): Promise<Socket> {
  const socket = io(`${url}${namespace}`, { auth: { token: token(sub, ['user']) }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const nextNotify = (socket: Socket) => new Promise<{ type: string }>((resolve) => socket.once('notify', resolve));
const post = (url: string, path: string, body: unknown, bearer = token('ops', ['admin'])) =>
  fetch(`${url}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const app of apps.splice(0)) await app.close();
});

describe('NotificationsModule.forRoot', () => {
  it('serves REST and the gateway on the defaults, and pushes from the service', async () => {
    const { app, url } = await start([NotificationsModule.forRoot(options)]);
    const socket = await connect(url);
    const arrival = nextNotify(socket);
    const response = await post(url, 'notifications', { type: 'hello', userIds: ['u1'] });
    expect(response.status).toBe(202);
    expect((await arrival).type).toBe('hello');
    const again = nextNotify(socket);
    await app.get(NotificationsService).toUser('u1', 'from-code');
    expect((await again).type).toBe('from-code');
  });

  it('http: false mounts no route; http.path moves it; namespace moves the gateway', async () => {
    const off = await start([NotificationsModule.forRoot({ ...options, http: false })]);
    expect((await post(off.url, 'notifications', { type: 't', broadcast: true })).status).toBe(404);

    const extras: NotificationsModuleExtras = { http: { path: 'api/push' }, namespace: '/live' };
    const moved = await start([NotificationsModule.forRoot({ ...options, ...extras })]);
    expect((await post(moved.url, 'api/push', { type: 't', broadcast: true })).status).toBe(202);
    expect((await post(moved.url, 'notifications', { type: 't', broadcast: true })).status).toBe(404);
    await expect(connect(moved.url, '/live')).resolves.toBeDefined();
    await expect(connect(moved.url, '/notifications')).rejects.toThrow(/Invalid namespace/);
  });

  it('without the consumer, health is up and says so', async () => {
    const { app } = await start([NotificationsModule.forRoot(options)]);
    expect(await app.get(NotificationsHealthIndicator).isHealthy('push')).toEqual({ push: { status: 'up', consumer: 'disabled', store: 'up', sockets: 0 } });
  });

  it('refuses a configuration that could accept forged tokens, at start-up', async () => {
    await expect(Test.createTestingModule({ imports: [NotificationsModule.forRoot({ jwt: {} })] }).compile()).rejects.toThrow(/jwt.secret or jwt.publicKey/);
  });
});

describe('metrics', () => {
  it("register into the host's own registry, and metricsPath serves the module's on Fastify too", async () => {
    const hostRegistry = new Registry();
    const { url } = await start([NotificationsModule.forRoot({ ...options, metrics: { registry: hostRegistry }, metricsPath: 'metrics' })], { fastify: true });
    await connect(url);
    expect(await hostRegistry.metrics()).toMatch(/^notifications_sockets_connected 1$/m);
    const response = await fetch(`${url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^notifications_handshakes_total\{result="ok"\} 1$/m);
  });

  it('metrics.token locks the route on Fastify too: 401 without the bearer, the metrics with it', async () => {
    const token = 'module-spec-metrics-token-51c7';
    const { url } = await start([NotificationsModule.forRoot({ ...options, metrics: { token }, metricsPath: 'metrics' })], { fastify: true });
    const refused = await fetch(`${url}/metrics`);
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 401, body: expect.objectContaining({ code: 'TOKEN_MISSING' }) });
    const allowed = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/^notifications_sockets_connected 0$/m);
  });
});

describe('NotificationsModule.forRootAsync', () => {
  const SETTINGS = Symbol('SETTINGS');

  @Module({ providers: [{ provide: SETTINGS, useValue: { secret: SECRET, path: 'ignored' } }], exports: [SETTINGS] })
  class SettingsModule {}

  it('takes its options from an injected factory, extras beside it', async () => {
    const { url } = await start([
      NotificationsModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SETTINGS],
        useFactory: (settings: { secret: string }) => ({ jwt: { secret: settings.secret } }),
        http: { path: 'push' },
      }),
    ]);
    expect((await post(url, 'push', { type: 't', broadcast: true })).status).toBe(202);
  });
});

describe('isGlobal: false', () => {
  @Injectable()
  class NeedsNotifications {
    constructor(@Inject(NotificationsService) readonly notifications: NotificationsService) {}
  }

  it('is visible only to modules that import it', async () => {
    const registration = NotificationsModule.forRoot({ ...options, isGlobal: false, http: false });
    @Module({ imports: [registration], providers: [NeedsNotifications] })
    class Importing {}
    @Module({ providers: [NeedsNotifications] })
    class NotImporting {}

    const ok = await Test.createTestingModule({ imports: [registration, Importing] }).compile();
    expect(ok.get(NeedsNotifications).notifications).toBeInstanceOf(NotificationsService);
    await ok.close();
    await expect(Test.createTestingModule({ imports: [registration, NotImporting] }).compile()).rejects.toThrow(/NeedsNotifications/);
  });
});

describe('on Fastify', () => {
  @Controller('ping')
  class HostController {
    constructor(private readonly notifications: NotificationsService) {}
    @Get() async ping(): Promise<{ id: string }> {
      return { id: (await this.notifications.toUser('u1', 'pong')).id };
    }
  }

  it('REST answers 202, 400 with every reason, 401 and 403; a host route pushes to a socket', async () => {
    @Module({ imports: [NotificationsModule.forRoot(options)], controllers: [HostController] })
    class HostModule {}
    const { url } = await start([HostModule], { fastify: true });
    const socket = await connect(url);
    const pushed = nextNotify(socket);
    expect((await post(url, 'notifications', { type: 't', userIds: ['u1'] })).status).toBe(202);
    expect((await pushed).type).toBe('t');
    const bad = await post(url, 'notifications', { type: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.arrayContaining(['extra is not allowed']) });
    expect(await (await post(url, 'notifications', { type: 't', broadcast: true }, 'garbage')).json()).toMatchObject({ statusCode: 401, code: 'TOKEN_INVALID' });
    expect((await post(url, 'notifications', { type: 't', broadcast: true }, token('u', ['user']))).status).toBe(403);
    const arrival = nextNotify(socket);
    expect((await fetch(`${url}/ping`)).status).toBe(200);
    expect((await arrival).type).toBe('pong');
  });
});
