import { describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiNoon } from '../../src/core/clock.js';

describe('shanghaiDate', () => {
  it('uses the Shanghai calendar day, not UTC', () => {
    // 2026-06-30 17:30 UTC is already 1 July in Shanghai.
    expect(shanghaiDate(new Date('2026-06-30T17:30:00Z'))).toEqual({ year: 2026, month: 7, day: 1 });
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toEqual({ year: 2026, month: 12, day: 31 });
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
  });

  it('the day is right on either side of midnight when asked again and again, in zones with quarter-hour offsets too', () => {
    const at = (iso: string, tz?: string) => shanghaiDate(new Date(iso), tz);
    for (let i = 0; i < 3; i++) {
      expect(at('2026-12-31T15:59:59.999Z')).toEqual({ year: 2026, month: 12, day: 31 });
      expect(at('2026-12-31T16:00:00.000Z')).toEqual({ year: 2027, month: 1, day: 1 });
      expect(at('2026-12-31T15:59:59.999Z')).toEqual({ year: 2026, month: 12, day: 31 });
    }
    // Kathmandu is UTC+5:45: its midnight falls on a UTC quarter hour.
    expect(at('2026-07-09T18:14:59Z', 'Asia/Kathmandu')).toEqual({ year: 2026, month: 7, day: 9 });
    expect(at('2026-07-09T18:15:00Z', 'Asia/Kathmandu')).toEqual({ year: 2026, month: 7, day: 10 });
    expect(at('2026-07-09T18:14:59Z', 'Asia/Kathmandu')).toEqual({ year: 2026, month: 7, day: 9 });
    // A caller changing the answer it got does not change the next one.
    const d = at('2026-07-09T12:00:00Z');
    d.day = 99;
    expect(at('2026-07-09T12:00:01Z')).toEqual({ year: 2026, month: 7, day: 9 });
  });

  it('parses --today days and rejects impossible ones', () => {
    expect(shanghaiDate(shanghaiNoon('2026-07-10')!)).toEqual({ year: 2026, month: 7, day: 10 });
    expect(shanghaiNoon('2026-02-30')).toBeUndefined();
    expect(shanghaiNoon('2026/07/10')).toBeUndefined();
  });
});
