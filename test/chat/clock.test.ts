import { describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiNoon } from '../../src/core/clock.js';

describe('shanghaiDate', () => {
  it('uses the Shanghai calendar day, not UTC', () => {
    // 2026-06-30 17:30 UTC is already 1 July in Shanghai.
    expect(shanghaiDate(new Date('2026-06-30T17:30:00Z'))).toEqual({ year: 2026, month: 7, day: 1 });
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toEqual({ year: 2026, month: 12, day: 31 });
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
  });

  it('parses --today days and rejects impossible ones', () => {
    expect(shanghaiDate(shanghaiNoon('2026-07-10')!)).toEqual({ year: 2026, month: 7, day: 10 });
    expect(shanghaiNoon('2026-02-30')).toBeUndefined();
    expect(shanghaiNoon('2026/07/10')).toBeUndefined();
  });
});
