import {
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  Catch,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  Module,
  type NestInterceptor,
  type PipeTransform,
  Query,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { APP_GUARD, BaseExceptionFilter } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { NotificationsModule } from '#notifications';
import { AMQP_URL, type AmqpTestClient } from './helpers/amqp.js';
import type { CapturingLogger } from './helpers/capturing-logger.js';
import { startHostApp, type HostApp } from './helpers/host-app.js';
import { closeAllSockets, connectSocket, waitForNotify } from './helpers/socket.js';
import { uniqueQueue } from './helpers/test-app.js';
import { TestTokens } from './helpers/tokens.js';

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

/** A global guard of the host's (useGlobalGuards) that only records where it ran. */
class RecordingGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    seenBy.push(`guard:${context.getType()}`);
    return true;
  }
}

/** A global filter of the host's: records, then answers as Nest would. */
@Catch()
class RecordingFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    seenBy.push(`filter:${host.getType()}`);
    super.catch(exception, host);
  }
}

@Controller('host')
class HostController {
  @Get('ping')
  ping(@Query('who') who = ''): string {
    return `pong ${who}`;
  }
}

@Module({
  imports: [NotificationsModule.forRoot({ jwt: { secret }, rabbitmq: { urls: [AMQP_URL], queue } })],
  controllers: [HostController],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
})
class GuardedHostModule {}

describe('a host with app-wide enhancers of its own (an HTTP-only APP_GUARD, global guard, pipe, interceptor and filter)', () => {
  const tokens = new TestTokens(secret);
  let host: HostApp;
  let url: string;
  let amqp: AmqpTestClient;
  let logger: CapturingLogger;

  beforeAll(async () => {
    host = await startHostApp(GuardedHostModule, queue, (app) => {
      app.useGlobalGuards(new RecordingGuard());
      app.useGlobalInterceptors(new RecordingInterceptor());
      app.useGlobalPipes(new TrimPipe());
      app.useGlobalFilters(new RecordingFilter(app.getHttpAdapter()));
    });
    ({ url, amqp, logger } = host);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => host?.close());

  it("the host's guards, pipes, interceptors and filters still run on the host's routes", async () => {
    seenBy.length = 0;
    expect((await fetch(`${url}/host/ping`)).status).toBe(403);
    expect(seenBy).toContain('filter:http');
    const ok = await fetch(`${url}/host/ping?who=%20bob%20`, { headers: { 'x-api-key': 'host-key' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('pong bob'); // trimmed by the host's pipe
    expect(seenBy).toEqual(expect.arrayContaining(['guard:http', 'interceptor:http', 'pipe', 'filter:http']));
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
