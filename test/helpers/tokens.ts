import jwt, { type SignOptions } from 'jsonwebtoken';

export interface TestIdentity {
  sub?: string;
  roles?: string[];
  [claim: string]: unknown;
}

/** Signs tokens for one test app; `forge*` make the bad ones the gateway must refuse. */
export class TestTokens {
  constructor(
    readonly secret: string,
    private readonly defaults: SignOptions = {},
  ) {}

  sign(identity: TestIdentity, options: SignOptions = {}): string {
    return jwt.sign(identity, this.secret, { algorithm: 'HS256', expiresIn: 600, ...this.defaults, ...options });
  }

  /** Signs the claims exactly as given (no default expiry). */
  signRaw(claims: TestIdentity): string {
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', ...this.defaults });
  }

  user(id: string, roles: string[] = ['user']): string {
    return this.sign({ sub: id, roles });
  }

  admin(id = 'admin-1'): string {
    return this.sign({ sub: id, roles: ['admin'] });
  }

  expired(id = 'late'): string {
    const past = Math.floor(Date.now() / 1000) - 3600;
    return this.signRaw({ sub: id, roles: ['user'], iat: past - 60, exp: past });
  }

  wrongSecret(id = 'mallory'): string {
    return jwt.sign({ sub: id, roles: ['admin'] }, `${this.secret}-not`, { algorithm: 'HS256', expiresIn: 600 });
  }

  /** An unsigned token claiming admin: header `{"alg":"none"}`, empty signature. */
  algNone(id = 'mallory'): string {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: id, roles: ['admin'], iat: now, exp: now + 600 })}.`;
  }
}
