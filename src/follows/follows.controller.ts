import { BadRequestException, Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { HttpAuthGuard, type AuthenticatedUser } from '#notifications';
import { EventsPublisher } from '../events/events-publisher.service.js';
import { EVENTS, type UserFollowed } from '../notifications/notification-events.js';

type UserRequest = { user: AuthenticatedUser & { name?: string } };

/** The customer's own business endpoint: following someone publishes `user.followed`. */
@Controller('follows')
@UseGuards(HttpAuthGuard)
export class FollowsController {
  constructor(private readonly events: EventsPublisher) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async follow(@Req() { user }: UserRequest, @Body() body: { followeeId?: unknown }): Promise<{ followeeId: string }> {
    const followeeId = body?.followeeId;
    if (typeof followeeId !== 'string' || !followeeId.trim() || followeeId.length > 256) {
      throw new BadRequestException(['followeeId must be a non-empty string']);
    }
    if (followeeId === user.id) throw new BadRequestException(['you cannot follow yourself']);
    const event: UserFollowed = { followerId: user.id, followeeId, followedAt: new Date().toISOString() };
    await this.events.publish(EVENTS.userFollowed, event);
    return { followeeId };
  }
}
