// HS256 tokens for the load: good ones for users and admins, bad ones signed with another secret.
import jwt from 'jsonwebtoken';

export function tokenFactory(secret) {
  const sign = (claims, key = secret) => jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: 3600 });
  return {
    user: (id, roles = ['user']) => sign({ sub: id, roles }),
    bad: (id) => sign({ sub: id, roles: ['user'] }, `${secret}-wrong`),
  };
}
