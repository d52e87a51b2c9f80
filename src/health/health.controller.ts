import { Controller, Get } from '@nestjs/common';
import { NotificationsHealthIndicator, type NotificationsHealth } from '#notifications';

/** Liveness plus the two facts an operator asks first: is the broker linked, how many sockets. */
@Controller('health')
export class HealthController {
  constructor(private readonly notifications: NotificationsHealthIndicator) {}

  @Get()
  async health(): Promise<{ status: 'ok'; broker: NotificationsHealth['consumer']; store: NotificationsHealth['store']; sockets: number }> {
    const { notifications } = await this.notifications.isHealthy();
    return { status: 'ok', broker: notifications.consumer, store: notifications.store, sockets: notifications.sockets };
  }
}
