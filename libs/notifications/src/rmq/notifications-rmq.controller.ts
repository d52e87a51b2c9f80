import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type InboundMessage, NotificationsService } from '../core/notifications.service.js';
import { INBOUND_PATTERN, NOTIFICATIONS_HANDLER_MARK, NOTIFICATIONS_TRANSPORT_ID } from '../notifications.constants.js';
import { RpcPassthroughFilter } from './rpc-passthrough.filter.js';

/**
 * Every message of the notifications queue -> NotificationsService. The server
 * routes each message here with its pattern; acks and dead letters are its job.
 * Bound only to the module's own transport, so the host's other microservices
 * never see it.
 */
@Controller()
@UseFilters(RpcPassthroughFilter)
export class NotificationsRmqController {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern(INBOUND_PATTERN, NOTIFICATIONS_TRANSPORT_ID, { [NOTIFICATIONS_HANDLER_MARK]: true })
  async receive(@Payload() message: InboundMessage): Promise<void> {
    await this.notifications.receive(message);
  }
}
