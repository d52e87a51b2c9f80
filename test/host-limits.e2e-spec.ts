import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { NotificationsModule, setupNotifications } from '#notifications';
import { RawWebSocket } from './helpers/raw-engine.js';
import { TestTokens } from './helpers/tokens.js';

/** Gateways of the host itself: one on the root namespace, one on its own. */
@WebSocketGateway()
class HostRootGateway {
  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }
}

@WebSocketGateway({ namespace: '/chat' })
class HostChatGateway {}

const secret = randomBytes(32).toString('hex');
const LIMITS = { maxPayloadBytes: 2048, connectTimeoutMs: 400, idleHandshakeMs: 400 };

async function start(module: unknown): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(module as never, { logger: false, abortOnError: false });
  setupNotifications(app, { consumer: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Resolves with the close code, and how long after `since` it came; rejects past `ms`. */
function closedWithin(socket: RawWebSocket, since: number, ms: number): Promise<{ code: number; after: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    socket.closed.then((code) => (clearTimeout(timer), resolve({ code, after: Date.now() - since })));
  });
}

describe('a host with gateways of its own and limits of its own', () => {
  @Module({ imports: [NotificationsModule.forRoot({ jwt: { secret }, limits: LIMITS })], providers: [HostRootGateway, HostChatGateway] })
  class HostModule {}

  const tokens = new TestTokens(secret);
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await start(HostModule));
  });
  afterAll(() => app.close());

  it("leaves the root namespace to the host's gateway bound to it, and the host's own namespaces alone", async () => {
    const root = await RawWebSocket.open(url);
    expect(await root.connect('/')).toEqual({ connected: true });
    root.send('421["ping"]');
    expect(await root.next()).toBe('431["pong"]');
    const chat = await RawWebSocket.open(url);
    expect(await chat.connect('/chat')).toEqual({ connected: true });
    const notifications = await RawWebSocket.open(url);
    expect(await notifications.connect('/notifications', { token: tokens.user('u') })).toEqual({ connected: true });
    for (const socket of [root, chat, notifications]) socket.close();
  });

  it('closes a connection that joins no namespace after limits.connectTimeoutMs', async () => {
    const since = Date.now();
    const silent = await RawWebSocket.open(url);
    const { after } = await closedWithin(silent, since, LIMITS.connectTimeoutMs + 1500);
    expect(after).toBeGreaterThanOrEqual(LIMITS.connectTimeoutMs - 50);
  });

  it('caps frames at limits.maxPayloadBytes', async () => {
    const socket = await RawWebSocket.open(url);
    expect(await socket.connect('/notifications', { token: tokens.user('u') })).toEqual({ connected: true });
    expect(String(await socket.next())).toMatch(/^42\/notifications,\["inbox:synced"/); // sent on every connect
    expect(String(await socket.next())).toMatch(/^42\/notifications,\["inbox:unread"/);
    // Under the cap: answered (FORBIDDEN, a user token) on a connection still open.
    socket.send(`42/notifications,1["notify",${JSON.stringify({ type: 'fits', broadcast: true, data: 'x'.repeat(1500) })}]`);
    expect(String(await socket.next())).toMatch(/^43\/notifications,1\[\{"ok":false,"error":\{"code":"FORBIDDEN"/);
    socket.send('4'.padEnd(LIMITS.maxPayloadBytes + 1, 'x'));
    expect((await closedWithin(socket, Date.now(), 1500)).code).toBe(1009);
  });

  it('closes a silent TCP connection after limits.idleHandshakeMs', async () => {
    const port = Number(new URL(url).port);
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const since = Date.now();
    const after = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still open')), LIMITS.idleHandshakeMs + 1500);
      socket.once('close', () => (clearTimeout(timer), resolve(Date.now() - since)));
    });
    expect(after).toBeGreaterThanOrEqual(LIMITS.idleHandshakeMs - 50);
  });
});

describe('without a gateway on the root namespace', () => {
  @Module({ imports: [NotificationsModule.forRoot({ jwt: { secret } })], providers: [HostChatGateway] })
  class ChatOnlyModule {}

  it('refuses "/" even when the host has a gateway of its own elsewhere', async () => {
    const { app, url } = await start(ChatOnlyModule);
    try {
      const root = await RawWebSocket.open(url);
      expect((await root.connect('/')).error?.data?.code).toBe('INVALID_NAMESPACE');
      const chat = await RawWebSocket.open(url);
      expect(await chat.connect('/chat')).toEqual({ connected: true });
      for (const socket of [root, chat]) socket.close();
    } finally {
      await app.close();
    }
  });
});
