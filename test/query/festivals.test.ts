import { describe, expect, it } from 'vitest';
import { festivalMonths } from '../../src/query/festivals.js';

describe('festivalMonths', () => {
  it('resolves lunar festivals for the year asked about', () => {
    // 中秋: 2025-10-06, 2026-09-25. 端午: 2025-05-31, 2026-06-19. 重阳: 2025-10-29, 2026-10-18.
    expect(festivalMonths('中秋', 2025)?.months).toEqual([10]);
    expect(festivalMonths('中秋节', 2026)?.months).toEqual([9]);
    expect(festivalMonths('端午', 2025)?.months).toEqual([5]);
    expect(festivalMonths('端午节', 2026)?.months).toEqual([6]);
    expect(festivalMonths('重阳', 2026)?.months).toEqual([10]);
  });

  it('reads 双节 and 十一期间 as the autumn holidays', () => {
    expect(festivalMonths('双节', 2026)?.months).toEqual([9, 10]);
    expect(festivalMonths('双节', 2025)?.months).toEqual([10]);
    expect(festivalMonths('十一期间', 2026)).toEqual({ word: '十一期间', months: [10] });
  });

  it('keeps fixed festivals and seasons, and knows no month for other words', () => {
    expect(festivalMonths('春节', 2026)?.months).toEqual([1, 2]);
    expect(festivalMonths('送清凉', 2026)?.months).toEqual([7, 8]);
    expect(festivalMonths('夏天', 2026)?.months).toEqual([7, 8]);
    expect(festivalMonths('体检', 2026)).toBeUndefined();
  });
});
