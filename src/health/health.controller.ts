import { Controller, Get, Inject } from '@nestjs/common';
import { NotificationsService, type BrokerState } from '#notifications';

export const BROKER_STATE = Symbol('BROKER_STATE');
export type BrokerStateReader = () => BrokerState | 'disabled';

/** Liveness plus the two facts an operator asks first: is the broker linked, how many sockets. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly notifications: NotificationsService,
    @Inject(BROKER_STATE) private readonly brokerState: BrokerStateReader,
  ) {}

  @Get()
  health(): { status: 'ok'; broker: string; sockets: number } {
    return { status: 'ok', broker: this.brokerState(), sockets: this.notifications.stats().sockets };
  }
}
