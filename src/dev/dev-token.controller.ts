import { BadRequestException, Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { signToken } from '../config/dev-tokens.js';

const ROLES = ['user', 'admin'] as const;
type DevRole = (typeof ROLES)[number];
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const DEFAULT_SUB: Record<DevRole, string> = { user: 'alice', admin: 'ops' };

interface DevTokenBody {
  role?: unknown;
  sub?: unknown;
  name?: unknown;
}

/**
 * Hands out tokens so the demo pages can sign in without an identity provider.
 * Registered only when NODE_ENV is not production (see AppModule): anyone who can
 * reach it can become admin, which is the point in development and a hole elsewhere.
 */
@Controller('dev/token')
export class DevTokenController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  issue(@Body() body: DevTokenBody = {}): { token: string; sub: string; name: string; roles: string[] } {
    const problems: string[] = [];
    const role = (body.role ?? 'user') as DevRole;
    if (!ROLES.includes(role)) problems.push(`role must be one of ${ROLES.join(', ')}`);
    const sub = body.sub ?? DEFAULT_SUB[role] ?? 'alice';
    if (typeof sub !== 'string' || !ID_PATTERN.test(sub)) problems.push('sub must be 1-64 letters, digits, . _ or -');
    const name = body.name ?? sub;
    if (typeof name !== 'string' || name.length > 64) problems.push('name must be a string of at most 64 characters');
    if (problems.length) throw new BadRequestException(problems);
    const identity = { sub: sub as string, name: name as string, roles: [role] };
    return { token: signToken(this.config, identity), ...identity };
  }
}
