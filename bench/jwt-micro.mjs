// W2 side question: what does HS256 verification cost with @nestjs/jwt (jsonwebtoken) vs jose?
// Runs in its own process; prints one JSON object on stdout. Same tokens for every verifier.
import { createSecretKey, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import * as jose from 'jose';
import jwt from 'jsonwebtoken';

const quick = process.argv.includes('--quick');
const windowMs = quick ? 150 : 1500; // each measurement runs for a fixed time
const secret = randomBytes(32).toString('base64url');
const claims = (i) => ({ sub: `u${i}`, roles: ['user'] });
const good = Array.from({ length: 1000 }, (_, i) => jwt.sign(claims(i), secret, { algorithm: 'HS256', expiresIn: 3600 }));
const bad = Array.from({ length: 1000 }, (_, i) => jwt.sign(claims(i), `${secret}-wrong`, { algorithm: 'HS256', expiresIn: 3600 }));

// As libs/notifications/src/auth/token-verifier.service.ts built it before commit 05bbdae (string secret).
const nest = new JwtService({ secret, verifyOptions: { algorithms: ['HS256'] } });
// As it does now: a KeyObject made once, so jsonwebtoken skips createPublicKey(secret) + throw per call.
const nestKeyObject = new JwtService({ secret: createSecretKey(Buffer.from(secret)), verifyOptions: { algorithms: ['HS256'] } });
const key = new TextEncoder().encode(secret);
const keyObject = createSecretKey(Buffer.from(secret));
const joseOpts = { algorithms: ['HS256'] };

const verifiers = {
  '@nestjs/jwt verify, string secret (sync)': (t) => nest.verify(t),
  '@nestjs/jwt verify, KeyObject secret (sync)': (t) => nestKeyObject.verify(t),
  'jsonwebtoken verify (sync)': (t) => jwt.verify(t, secret, { algorithms: ['HS256'] }),
  'jose jwtVerify Uint8Array (async)': (t) => jose.jwtVerify(t, key, joseOpts),
  'jose jwtVerify KeyObject (async)': (t) => jose.jwtVerify(t, keyObject, joseOpts),
};

async function measure(fn, tokens, concurrency) {
  let ok = 0;
  const one = async (i) => { try { await fn(tokens[i % tokens.length]); ok++; } catch {} };
  for (let i = 0; i < (quick ? 50 : 500); i++) await one(i); // warm-up
  ok = 0;
  let n = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const end = t0 + BigInt(windowMs * 1e6);
  while (process.hrtime.bigint() < end) {
    if (concurrency === 1) for (let k = 0; k < 50; k++) await one(n++);
    else { await Promise.all(Array.from({ length: concurrency }, (_, k) => one(n + k))); n += concurrency; }
  }
  const N = n;
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  return { opsPerSec: Math.round(N / (ns / 1e9)), usPerOp: Math.round(ns / N / 10) / 100, cpuUsPerOp: Math.round(((cpu.user + cpu.system) / N) * 100) / 100, ok };
}

const results = {};
for (const round of [1, 2]) {
  for (const [name, fn] of Object.entries(verifiers)) {
    for (const [kind, tokens] of [['valid', good], ['badSignature', bad]]) {
      for (const concurrency of [1, 200]) {
        const r = await measure(fn, tokens, concurrency);
        if (round === 2) results[`${name} | ${kind} | c=${concurrency}`] = r;
      }
    }
  }
}
console.log(JSON.stringify({ windowMs, results }));
