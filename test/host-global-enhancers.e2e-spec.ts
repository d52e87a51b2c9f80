import {
  type CallHandler,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  type INestApplication,
  Module,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { NotificationsModule, notificationsQueueOptions, setupNotifications } from '#notifications';
import { AMQP_URL, AmqpTestClient } from './helpers/amqp.js';
import { CapturingLogger } from './helpers/capturing-logger.js';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';
import { waitUntil } from './helpers/wait-until.js';

const secret = randomBytes(32).toString('hex');
const queue = uniqueQueue('host-guard');

/** "Secure by default", as many hosts do: every request needs the host's own API key. Written for HTTP only. */
@Injectable()
class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    return request?.headers?.['x-api-key'] === 'host-key';
  }
}

/** Where the host's app-wide enhancers ran: they must see the host's requests, never the module's consumer. */
const seenBy: string[] = [];

class RecordingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    seenBy.push(`interceptor:${context.getType()}`);
    return next.handle();
  }
}

/** A global pipe of the host's: trims strings. */
class TrimPipe implements PipeTransform {
  transform(value: unknown): unknown {
    seenBy.push('pipe');
    return typeof value === 'string' ? value.trim() : value;
  }
}

@Controller('host')
class HostController {
  @Get('ping')
  ping(): string {
    return 'pong';
  }
}

@Module({
  imports: [NotificationsModule.forRoot({ jwt: { secret }, rabbitmq: { urls: [AMQP_URL], queue } })],
  controllers: [HostController],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
})
class GuardedHostModule {}

describe('a host with app-wide enhancers of its own (an HTTP-only APP_GUARD, a global pipe and interceptor)', () => {
  const tokens = new TestTokens(secret);
  const logger = new CapturingLogger();
  let app: INestApplication;
  let url: string;
  let amqp: AmqpTestClient;

  beforeAll(async () => {
    app = await NestFactory.create(GuardedHostModule, { logger, abortOnError: false });
    app.useGlobalInterceptors(new RecordingInterceptor());
    app.useGlobalPipes(new TrimPipe());
    setupNotifications(app);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    amqp = await AmqpTestClient.open();
    await amqp.channel.assertQueue(queue, notificationsQueueOptions(queue));
    await waitUntil(() => logger.matching(/consuming/).length > 0, 'the notifications consumer is up', 10_000);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await app.close();
    await amqp.deleteQueues(queue);
    await amqp.close();
  });

  it('the host guard still guards the host routes', async () => {
    expect((await fetch(`${url}/host/ping`)).status).toBe(403);
    expect((await fetch(`${url}/host/ping`, { headers: { 'x-api-key': 'host-key' } })).status).toBe(200);
    expect(seenBy).toContain('interceptor:http');
  });

  it('RabbitMQ events still reach the sockets: the host guard is not applied to the consumer', async () => {
    const bob = await connectSocket(url, tokens.user('bob'));
    const arrival = waitForNotify(bob, 'user.followed');
    seenBy.length = 0;
    amqp.publish(queue, 'user.followed', { followerId: 'alice', followeeId: 'bob' });
    expect((await arrival).data).toEqual({ followerId: 'alice', followeeId: 'bob' });
    expect(await amqp.messageCount(`${queue}.dlq`)).toBe(0);
    expect(logger.matching(/Dead-lettered/)).toEqual([]);
    expect(seenBy).toEqual([]);
  });
  it('the socket events answer as without the host: notify and inbox:read are acked ok', async () => {
    seenBy.length = 0;
    const admin = await connectSocket(url, tokens.admin());
    const bob = await connectSocket(url, tokens.user('bob'));
    const arrival = waitForNotify(bob, 'maintenance');
    const ack = await admin.timeout(3000).emitWithAck('notify', { type: 'maintenance', userIds: ['bob'] });
    expect(ack).toEqual({ ok: true, id: expect.any(String) });
    await arrival;
    expect(await bob.timeout(3000).emitWithAck('inbox:read', { all: true })).toEqual({ ok: true, unread: 0 });
    expect(seenBy).toEqual([]);
  });

  // Nest's rule for every controller, the module's too: the host decides who reaches its HTTP routes.
  it("the module's REST endpoints are behind the host's guard, as the host's own routes are", async () => {
    const body = JSON.stringify({ type: 'maintenance', broadcast: true });
    const headers = { authorization: `Bearer ${tokens.admin()}`, 'content-type': 'application/json' };
    expect((await fetch(`${url}/notifications`, { method: 'POST', headers, body })).status).toBe(403);
    expect((await fetch(`${url}/notifications`, { method: 'POST', headers: { ...headers, 'x-api-key': 'host-key' }, body })).status).toBe(202);
  });
});
