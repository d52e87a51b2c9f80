import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { NotificationsService } from '../core/notifications.service.js';
import { EVENT_PATTERNS } from '../notifications.constants.js';
import { RpcPassthroughFilter } from './rpc-passthrough.filter.js';

/** Business events from RabbitMQ -> pushes. Acks and dead-letters are the server's job. */
@Controller()
@UseFilters(RpcPassthroughFilter)
export class NotificationsRmqController {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern(EVENT_PATTERNS.userFollowed, Transport.RMQ)
  userFollowed(@Payload() data: unknown): void {
    this.notifications.userFollowed(data);
  }

  @EventPattern(EVENT_PATTERNS.orderCreated, Transport.RMQ)
  orderCreated(@Payload() data: unknown): void {
    this.notifications.orderCreated(data);
  }

  @EventPattern(EVENT_PATTERNS.notificationSend, Transport.RMQ)
  notificationSend(@Payload() data: unknown): void {
    this.notifications.send(data);
  }
}
