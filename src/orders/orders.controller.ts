import { BadRequestException, Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { HttpAuthGuard, type AuthenticatedUser } from '#notifications';
import { EventsPublisher } from '../events/events-publisher.service.js';
import { EVENTS, type OrderCreated } from '../notifications/notification-events.js';

const MAX_TOTAL = 1_000_000;

/** Placing an order publishes `order.created`; the admin dashboard sees it live. */
@Controller('orders')
@UseGuards(HttpAuthGuard)
export class OrdersController {
  constructor(private readonly events: EventsPublisher) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async create(@Req() { user }: { user: AuthenticatedUser }, @Body() body: { total?: unknown }): Promise<{ orderId: string }> {
    const total = body?.total;
    if (typeof total !== 'number' || !Number.isFinite(total) || total <= 0 || total > MAX_TOTAL) {
      throw new BadRequestException([`total must be a number above 0 and at most ${MAX_TOTAL}`]);
    }
    const orderId = `ord_${randomUUID().slice(0, 8)}`;
    const event: OrderCreated = { orderId, userId: user.id, total, createdAt: new Date().toISOString() };
    await this.events.publish(EVENTS.orderCreated, event);
    return { orderId };
  }
}
