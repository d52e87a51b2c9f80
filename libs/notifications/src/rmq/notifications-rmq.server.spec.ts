import { Controller, Module } from '@nestjs/common';
import { EventPattern, MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { NotificationsModule } from '../notifications.module.js';
import { setupNotifications } from '../setup-notifications.js';
import { NotificationsRmqServer } from './notifications-rmq.server.js';

@Controller()
class HostHandlers {
  @EventPattern('order.created') anyTransport(_data: unknown): void {}
  @EventPattern('audit', Transport.RMQ) rmqOnly(_data: unknown): void {}
  @MessagePattern({ cmd: 'sum' }) request(): number {
    return 1;
  }
}

/**
 * Pins what the consumer relies on in Nest's microservices internals: Nest offers
 * every controller's handlers to every server (those without a transport too)
 * through `addHandler`, and this server, which hands its messages to
 * NotificationsService itself, takes none. If a Nest upgrade binds handlers another
 * way, this fails instead of production.
 */
describe('NotificationsRmqServer handler binding', () => {
  it('binds none of the host handlers', async () => {
    @Module({ imports: [NotificationsModule.forRoot({ jwt: { secret: 'rmq-server-spec-secret-4b9e7d2a6c1f8035' }, rabbitmq: { urls: ['amqp://127.0.0.1:1'], reconnectSeconds: 0.05 } })], controllers: [HostHandlers] })
    class HostModule {}
    const moduleRef = await Test.createTestingModule({ imports: [HostModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    setupNotifications(app, { socketAdapter: false });
    await app.init();
    await app.startAllMicroservices();
    try {
      expect([...app.get(NotificationsRmqServer).getHandlers().keys()]).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
