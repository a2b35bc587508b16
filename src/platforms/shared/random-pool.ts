import { randomBytes } from 'node:crypto';

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Cryptographically random bytes, drawn from a pool filled 4 KB at a time: one call into the CSPRNG per
 * hundreds of replies instead of one per reply (each WeCom reply needs 16 random bytes and a stream id).
 */
export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_SIZE) return randomBytes(n);
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  // Used bytes are wiped, so the pool never holds anything already handed out.
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}
