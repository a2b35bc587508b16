import { describe, expect, it } from 'vitest';
import { contractMonths, parsePlanText } from '../../src/plan-import/index.js';

const plan = (year: number) => parsePlanText(
  `${year}年某区总工会工作要点\n1、中秋节走访慰问困难职工。\n2、端午节开展包粽子活动。\n3、春节走访慰问一线职工。\n`);

describe('lunar festivals are resolved for the plan year', () => {
  it.each([
    // 中秋 2025-10-06, 2026-09-25; 端午 2025-05-31, 2026-06-19.
    [2025, [10], [5]],
    [2026, [9], [6]],
  ])('%i', (year, midAutumn, dragonBoat) => {
    const p = plan(year);
    const months = (title: string) => {
      const t = p.tasks.find((x) => x.title.includes(title))!;
      return contractMonths(t, p.year);
    };
    expect(months('中秋')).toEqual(midAutumn);
    expect(months('端午')).toEqual(dragonBoat);
    expect(months('春节')).toEqual([1, 2]);
  });
});
