import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  type OnApplicationBootstrap,
  Post,
} from '@nestjs/common';
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

/** Said at start-up whenever the endpoint exists, so nobody runs it by accident. */
export const DEV_SIGN_IN_WARNING =
  'DEV SIGN-IN IS ON (DEV_SIGN_IN=true): POST /dev/token gives an admin token to anyone who can reach this server. Development only.';

/**
 * Hands out tokens so the demo pages can sign in without an identity provider.
 * Registered only with DEV_SIGN_IN=true, which production refuses (see AppModule,
 * loadConfig): anyone who can reach it can become admin, which is the point on a
 * developer's machine and a hole anywhere else.
 */
@Controller('dev/token')
export class DevTokenController implements OnApplicationBootstrap {
  private readonly logger = new Logger('DevSignIn');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.logger.warn(DEV_SIGN_IN_WARNING);
  }

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
