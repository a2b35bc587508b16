import { describe, expect, it } from 'vitest';
import { comingTurn, parseTime, formatYearMonths } from '../../src/query/time.js';
import { Scanner } from '../../src/query/scanner.js';

const today = { year: 2026, month: 7, day: 10 };
const months = (text: string, t = today) => {
  const q = parseTime(new Scanner(text), t);
  return q.months ? formatYearMonths(q.months) : q.mentioned ? `${q.year}年全年` : '无';
};

describe('parseTime', () => {
  it.each([
    ['本月任务', '2026年7月'],
    ['这个月有什么工作', '2026年7月'],
    ['当月安排', '2026年7月'],
    ['下个月有什么工作', '2026年8月'],
    ['下月', '2026年8月'],
    ['上个月', '2026年6月'],
    ['上月做了什么', '2026年6月'],
    ['9月', '2026年9月'],
    ['９月份', '2026年9月'],
    ['九月份任务', '2026年9月'],
    ['十月份任务', '2026年10月'],
    ['十二月', '2026年12月'],
    ['十一月有啥', '2026年11月'],
    ['7-8月', '2026年7-8月'],
    ['七到九月', '2026年7-9月'],
    ['9、10月', '2026年9-10月'],
    ['2月和10月', '2026年2月、10月'],
    // A range written with 月 on both ends keeps its middle months.
    ['3月到5月有什么任务', '2026年3-5月'],
    ['7月份至9月份有什么任务', '2026年7-9月'],
    ['九月到十一月有什么工作', '2026年9-11月'],
    ['从10月至12月', '2026年10-12月'],
    // Two neighbouring months without a separator, as people say them.
    ['一二月份有什么任务', '2026年1-2月'],
    ['三四月份', '2026年3-4月'],
    ['十一十二月', '2026年11-12月'],
    ['前三季度任务', '2026年1-9月'],
    ['前两个季度', '2026年1-6月'],
    ['月底前要完成什么', '2026年7月'],
    ['本月底', '2026年7月'],
    ['下周有什么任务', '2026年7月'],
    ['这周', '2026年7月'],
    ['本季度', '2026年7-9月'],
    ['第三季度', '2026年7-9月'],
    ['三季度任务', '2026年7-9月'],
    ['一季度', '2026年1-3月'],
    ['下季度', '2026年10-12月'],
    ['上半年', '2026年1-6月'],
    ['下半年有哪些任务', '2026年7-12月'],
    ['2027年1月', '2027年1月'],
    ['明年1月', '2027年1月'],
    ['今年', '2026年全年'],
    ['全年任务', '2026年全年'],
    ['明年', '2027年全年'],
    ['2021年', '2021年全年'],
    ['送清凉什么时候', '无'],
    ['“三八”活动', '无'],
    ['六一儿童节', '无'],
    ['7.15开放日', '无'],
  ])('%s → %s', (text, want) => expect(months(text)).toBe(want));

  it('下个月 in December is January of the next year, and moves the plan year', () => {
    const q = parseTime(new Scanner('下个月'), { year: 2026, month: 12, day: 3 });
    expect(q.months).toEqual([{ year: 2027, month: 1 }]);
    expect(q.year).toBe(2027);
  });

  it('claims what it read, leaving the subject', () => {
    const s = new Scanner('九月份体检安排');
    parseTime(s, today);
    expect(s.chunks().map((c) => c.text)).toEqual(['体检安排']);
  });
});

describe('parseTime: weeks that cross a month end', () => {
  it('下周 on Thursday 30 July 2026 covers the days in July and August', () => {
    expect(months('下周有什么任务', { year: 2026, month: 7, day: 30 })).toBe('2026年8月');
    expect(months('本周', { year: 2026, month: 7, day: 30 })).toBe('2026年7-8月');
    expect(months('下周', { year: 2026, month: 12, day: 28 })).toBe('2027年1月');
  });
});

describe('comingTurn: late in the year, months that are over are next year\'s', () => {
  const asked = (text: string, t: { year: number; month: number; day: number }) => {
    const next = comingTurn(parseTime(new Scanner(text), t), t);
    return next?.months ? formatYearMonths(next.months) : '今年';
  };
  it.each([
    ['1月份', { year: 2026, month: 12, day: 20 }, '2027年1月'],
    ['第一季度', { year: 2026, month: 11, day: 2 }, '2027年1-3月'],
    // A month still to come, or the current one, stays this year's; so does anything before November.
    ['12月', { year: 2026, month: 12, day: 20 }, '今年'],
    ['10-12月', { year: 2026, month: 11, day: 20 }, '今年'],
    ['1月份', { year: 2026, month: 10, day: 31 }, '今年'],
    // Named with its year, or counted from today: as said.
    ['2026年1月', { year: 2026, month: 12, day: 20 }, '今年'],
    ['上个月', { year: 2026, month: 12, day: 20 }, '今年'],
  ])('%s asked on %o → %s', (text, t, want) => expect(asked(text, t)).toBe(want));
});

describe('parseTime: before and after a festival, by its day (chinese-days)', () => {
  const feb10 = { year: 2026, month: 2, day: 10 };
  it.each([
    // 春节 2026 is on 2月17日: its 1-2月 work is done before it; what comes after is March on.
    ['春节前要完成哪些', feb10, '2026年2月'],
    ['春节前要完成哪些', { year: 2026, month: 1, day: 20 }, '2026年1-2月'],
    ['春节后有什么任务', feb10, '2026年3-4月'],
    ['节后有什么安排', feb10, '2026年3-4月'],
    ['节后有什么安排', { year: 2026, month: 2, day: 20 }, '2026年3-4月'],
    // 春节 2027 is on 2月6日: early in the month, so until January.
    ['春节前有哪些任务', { year: 2026, month: 11, day: 15 }, '2026年11-12月、2027年1月'],
    ['国庆前要完成哪些', { year: 2026, month: 9, day: 10 }, '2026年9月'],
    ['国庆节后有什么安排', { year: 2026, month: 9, day: 10 }, '2026年10-11月'],
    // 中秋 2026 is on 9月25日, the nearest holiday on 9月20日.
    ['节前有什么安排', { year: 2026, month: 9, day: 20 }, '2026年9月'],
  ])('%s on %o: %s', (text, t, expected) => {
    expect(months(text, t)).toBe(expected);
  });

  it('leaves 节后 inside a word, and 国庆节前后, alone', () => {
    expect(months('环节后', feb10)).toBe('无');
    expect(months('国庆节前后有什么安排', feb10)).toBe('无');
  });
});
