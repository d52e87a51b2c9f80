import { SECRET_RULES } from '../notifications.constants.js';

/** Bits of Shannon entropy per character, from the secret's own character frequencies. */
function bitsPerCharacter(chars: string[]): number {
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** True when the whole secret is one shorter unit repeated ("abab…", "0123…f0123…f"). */
function isRepetition(chars: string[]): boolean {
  for (let unit = 1; unit <= chars.length / 2; unit++) {
    if (chars.length % unit !== 0) continue;
    if (chars.every((char, i) => char === chars[i % unit])) return true;
  }
  return false;
}

/**
 * Why an HMAC secret is too weak to sign tokens with, or an empty list when it is
 * fine: at least 32 bytes, no whitespace, and not a low-variety pattern. The
 * checks catch placeholders and typing accidents ("aaaa…", "changeme changeme…",
 * a value padded with spaces); `openssl rand -hex 32` passes every one of them.
 */
export function jwtSecretProblems(secret: string): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(secret, 'utf8');
  const chars = [...secret];
  if (bytes < SECRET_RULES.minBytes) problems.push(`it is ${bytes} bytes long; at least ${SECRET_RULES.minBytes} are required`);
  if (/\s/u.test(secret)) problems.push('it contains whitespace (a space, tab or line break)');
  const distinct = new Set(chars).size;
  if (distinct < SECRET_RULES.minDistinctChars) {
    problems.push(`it uses only ${distinct} distinct characters; at least ${SECRET_RULES.minDistinctChars} are required`);
  } else if (isRepetition(chars)) {
    problems.push('it is one short sequence repeated');
  } else if (bitsPerCharacter(chars) < SECRET_RULES.minBitsPerChar) {
    problems.push('it is mostly the same few characters');
  }
  return problems;
}
