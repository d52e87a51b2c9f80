import { Body, Controller, HttpCode, HttpStatus, Post, Req, type Type, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAuthGuard } from '../auth/http-auth.guard.js';
import { NotificationsService } from '../core/notifications.service.js';
import type { AuthenticatedUser } from '../notifications.events.js';
import { NotificationsHttpFilter } from './notifications-http.filter.js';

/** `POST <path>`: send from any backend or script holding an admin token. */
@UseGuards(HttpAuthGuard)
@UseFilters(NotificationsHttpFilter)
export class NotificationsHttpController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async send(@Req() request: { user: AuthenticatedUser }, @Body() body: unknown): Promise<{ id: string }> {
    return { id: (await this.notifications.sendAs(request.user, body)).id };
  }
}

/** The controller at the path the host chose (the path lives in the class decorator). */
export function notificationsHttpController(path: string): Type<NotificationsHttpController> {
  class ConfiguredNotificationsHttpController extends NotificationsHttpController {}
  Controller(path)(ConfiguredNotificationsHttpController);
  return ConfiguredNotificationsHttpController;
}
