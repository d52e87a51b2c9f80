import jwt from 'jsonwebtoken';
import type { AppConfig } from './app-config.js';

export interface DevIdentity {
  sub: string;
  name: string;
  roles: string[];
}

/** Signs a token the running app accepts; used for the dev start-up banner and the tests. */
export function signToken(config: AppConfig, identity: DevIdentity, expiresInSeconds = 12 * 3600): string {
  return jwt.sign(identity, config.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: expiresInSeconds,
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  });
}

export function devBanner(config: AppConfig): string {
  const user = signToken(config, { sub: 'alice', name: 'Alice', roles: ['user'] });
  const admin = signToken(config, { sub: 'ops', name: 'Ops', roles: ['admin'] });
  return [
    'No JWT_SECRET set: generated a random one for this run (development only).',
    `User token  (alice): ${user}`,
    `Admin token (ops):   ${admin}`,
    config.devSignIn
      ? 'Dev sign-in is on: the pages at / and /admin sign you in with one click.'
      : 'Dev sign-in is off: paste one of these tokens on the pages, or run `npm run demo` for one-click sign-in.',
  ].join('\n');
}
