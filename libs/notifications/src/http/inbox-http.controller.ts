import { Body, Controller, Get, HttpCode, HttpStatus, Injectable, Post, Query, Req, type Type, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAuthGuard } from '../auth/http-auth.guard.js';
import { NotificationsService } from '../core/notifications.service.js';
import type { AuthenticatedUser, InboxPage, InboxReadRequest } from '../notifications.events.js';
import { NotificationsHttpFilter } from './notifications-http.filter.js';

type UserRequest = { user: AuthenticatedUser };

/** `<path>/inbox`: the caller's own inbox, for any valid token. */
@Injectable()
@UseGuards(HttpAuthGuard)
@UseFilters(NotificationsHttpFilter)
export class InboxHttpController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Newest first; `?limit=` 1-100 (20), `?before=` the `next` of the previous page. */
  @Get()
  list(@Req() { user }: UserRequest, @Query('limit') limit?: string, @Query('before') before?: string): Promise<InboxPage> {
    return this.notifications.listInbox(user, { limit, before });
  }

  @Get('unread-count')
  async unreadCount(@Req() { user }: UserRequest): Promise<{ count: number }> {
    return { count: await this.notifications.unreadCount(user) };
  }

  /** `{ ids: [...] }` or `{ all: true }`; every socket of the user gets the new count too. */
  @Post('read')
  @HttpCode(HttpStatus.OK)
  async read(@Req() { user }: UserRequest, @Body() body: InboxReadRequest): Promise<{ unread: number }> {
    return { unread: await this.notifications.markRead(user, body) };
  }
}

export function inboxHttpController(path: string): Type<InboxHttpController> {
  class ConfiguredInboxHttpController extends InboxHttpController {}
  Controller(`${path}/inbox`)(ConfiguredInboxHttpController);
  return ConfiguredInboxHttpController;
}
