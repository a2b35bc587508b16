import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string comparison for signatures (style.md: never `===` on a secret-derived value).
 * Unequal lengths return false at once; that only reveals the length, which is public (40 hex / 44 base64).
 */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}
