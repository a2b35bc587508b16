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

describe('a festival or season word beside a stated month', () => {
  it('is the occasion of one activity in the month stated, not a second task', () => {
    const p = parsePlanText('2026年机关工会工作计划\n\n1. 3月开展植树活动\n2. 7月开展送清凉活动\n3. 开展送清凉活动（7月）\n'
      + '4. 9月国庆前开展职工观影\n5. 落实元旦春节送温暖活动，7-8月开展一线职工送清凉。\n');
    const shown = p.tasks.map((t) => [t.title, contractMonths(t, p.year)]);
    expect(shown).toEqual([
      ['开展植树活动', [3]],
      ['开展送清凉活动', [7]],
      ['开展送清凉活动', [7]],
      ['国庆前开展职工观影', [9]],
      // Two clauses, two activities at their own times (the item itself stays as the goal they serve).
      ['落实元旦春节送温暖活动，7-8月开展一线职工送清凉', []],
      ['元旦春节送温暖活动', [1, 2]],
      ['一线职工送清凉', [7, 8]],
    ]);
  });
});

describe('short 一、 lines of a plan', () => {
  it('a dated one is an item even among sections that have items; a bare heading over one dated paragraph takes the paragraph’s title', () => {
    const p = parsePlanText('2026年机关工会工作计划\n\n一、1月：召开职代会\n二、3-4月组织植树活动\n三、国庆节开展歌咏比赛\n');
    expect(p.tasks.map((t) => [t.title, contractMonths(t, p.year)])).toEqual([
      ['召开职代会', [1]], ['组织植树活动', [3, 4]], ['国庆节开展歌咏比赛', [10]],
    ]);
    const q = parsePlanText('2026年机关工会工作计划\n\n一、加强思想引领\n1月召开职工代表大会，审议工作报告。\n二、服务职工\n7月开展送清凉。\n');
    expect(q.tasks.map((t) => [t.title, contractMonths(t, q.year)])).toEqual([['召开职工代表大会，审议工作报告', [1]], ['开展送清凉', [7]]]);
  });
});

describe('a plan listed by month', () => {
  it('each month heading after the last item of the month before starts its own section', () => {
    const sections = ['一月份：', '1. 召开职代会', '第二季度：', '1. 组织春游', '下半年：', '1. 开展读书活动',
      '十月份：', '1. 金秋助学', '2. 重阳慰问', '十一月份：', '1. 健身比赛', '十二月份：', '1. 年终总结', '2. 年报年统'];
    const p = parsePlanText(`2026年机关工会工作计划\n\n${sections.join('\n')}\n`);
    expect(p.tasks.map((t) => [t.title, contractMonths(t, p.year)])).toEqual([
      ['召开职代会', [1]], ['组织春游', [4, 5, 6]], ['开展读书活动', [7, 8, 9, 10, 11, 12]], ['金秋助学', [10]], ['重阳慰问', [10]],
      ['健身比赛', [11]], ['年终总结', [12]], ['年报年统', [12]],
    ]);
  });
});
