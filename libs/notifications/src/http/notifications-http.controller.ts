import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAuthGuard } from '../auth/http-auth.guard.js';
import { NotificationsService } from '../core/notifications.service.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import { NotificationsHttpFilter } from './notifications-http.filter.js';

/** `POST /notifications`: push from any backend or script holding an admin token. */
@Controller('notifications')
@UseGuards(HttpAuthGuard)
@UseFilters(NotificationsHttpFilter)
export class NotificationsHttpController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  send(@Req() request: { user: AuthenticatedUser }, @Body() body: unknown): { id: string } {
    return { id: this.notifications.sendAs(request.user, body).id };
  }
}
