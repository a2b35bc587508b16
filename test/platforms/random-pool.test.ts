import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/platforms/shared/random-pool.js';

describe('pooledRandomBytes', () => {
  it('hands out fresh, independent random bytes across pool refills', () => {
    const seen = new Set<string>();
    const all: Buffer[] = [];
    for (let i = 0; i < 1000; i++) { // 16 KB: four refills of the 4 KB pool
      const b = pooledRandomBytes(16);
      expect(b).toHaveLength(16);
      seen.add(b.toString('hex'));
      all.push(b);
    }
    expect(seen.size).toBe(1000);
    const copy = Buffer.from(all[0]!);
    all[1]!.fill(0xff); // a caller writing into its bytes touches no one else's
    expect(all[0]).toEqual(copy);
    // Roughly uniform: each bit set about half the time over 16,000 bytes.
    const ones = all.reduce((n, b) => n + [...b].reduce((m, x) => m + x.toString(2).replace(/0/g, '').length, 0), 0) - 16 * 8;
    expect(ones / ((1000 - 1) * 16 * 8)).toBeGreaterThan(0.45);
    expect(ones / ((1000 - 1) * 16 * 8)).toBeLessThan(0.55);
  });

  it('serves a request larger than the pool directly', () => {
    expect(pooledRandomBytes(10_000)).toHaveLength(10_000);
  });
});
