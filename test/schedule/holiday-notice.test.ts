import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HolidayNoticeError, parseHolidayNotice } from '../../src/schedule/holiday-notice.js';
import { withImportedDays } from '../../src/schedule/workdays.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/holidays/${name}`, import.meta.url), 'utf8');
// The bundled calendar's own tables are the oracle: the notices of 2025 and 2026 must read back as exactly them.
const bundled = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const bundledYear = (year: number) => ({
  holidays: Object.keys(bundled.holidays).filter((d) => d.startsWith(`${year}-`)).sort(),
  workdays: Object.keys(bundled.workdays).filter((d) => d.startsWith(`${year}-`)).sort(),
});
const read = (text: string, year?: number) => {
  const n = parseHolidayNotice(text, { year });
  return { year: n.year, holidays: n.days.filter((d) => d.kind === 'holiday').map((d) => d.day), workdays: n.days.filter((d) => d.kind === 'workday').map((d) => d.day) };
};
const refusal = (text: string, year?: number) => {
  try {
    parseHolidayNotice(text, { year });
  } catch (err) {
    expect(err).toBeInstanceOf(HolidayNoticeError);
    return (err as Error).message;
  }
  throw new Error('the notice was accepted');
};

describe('the State Council holiday notice, as published', () => {
  it.each([2025, 2026])('the %i notice gives exactly the days off and make-up workdays of the bundled calendar', (year) => {
    expect(read(fixture(`${year}.txt`))).toEqual({ year, ...bundledYear(year) });
  });

  it('reads the notice pasted as one paragraph, with full-width digits and ASCII brackets', () => {
    const flat = fixture('2026.txt').replace(/\n/g, '').replace(/2月14日/, '２月１４日').replace(/（周日）/g, '(周日)');
    expect(read(flat)).toEqual({ year: 2026, ...bundledYear(2026) });
  });

  it('names each day after its festival, a combined one as written', () => {
    const days = parseHolidayNotice(fixture('2025.txt')).days;
    expect(days.find((d) => d.day === '2025-10-06')).toEqual({ day: '2025-10-06', kind: 'holiday', name: '国庆节、中秋节' });
    expect(days.find((d) => d.day === '2025-01-26')).toEqual({ day: '2025-01-26', kind: 'workday', name: '春节' });
  });

  it('a 元旦 that begins on 31 December of the year before keeps that day in the year before', () => {
    const n = read('国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。');
    expect(n).toEqual({ year: 2023, holidays: ['2022-12-31', '2023-01-01', '2023-01-02'], workdays: [] });
  });

  it('refuses a notice read for the wrong year: the weekdays it names do not match', () => {
    expect(refusal(fixture('2026.txt'), 2027)).toMatch(/“元旦”一条中 2027-01-01 注明是周四，但这一天是周五：请确认通知的年份/);
    expect(refusal(fixture('2026.txt').replace('2026年部分', '2027年部分'))).toMatch(/注明是周四，但这一天是周五/);
  });

  it('refuses a range that does not add up to the days the notice states', () => {
    expect(refusal(fixture('2026.txt').replace('共9天', '共8天'))).toMatch(/“春节”一条写明共 8 天，但 2026-02-15 至 2026-02-23 是 9 天/);
  });

  it('refuses a date that does not exist, a text without any arrangement, and one without a year', () => {
    expect(refusal('国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：2月30日放假，共1天。')).toMatch(/2月30日 不是有效的日期/);
    expect(refusal('2026年工会工作计划\n一、慰问：春节前走访慰问困难职工。')).toMatch(/没有在文件中找到放假安排/);
    expect(refusal('一、元旦：1月1日放假，共1天。')).toMatch(/没有从通知中看出是哪一年/);
  });
});

describe('a calendar with an imported year', () => {
  const notice = parseHolidayNotice(fixture('2027-made-up.txt'));
  const cal = withImportedDays(notice.days.map((d) => ({ ...d, year: notice.year })));

  it('follows the notice in that year: days off on weekdays, make-up workdays at weekends, Monday–Friday otherwise', () => {
    expect(cal.isCovered(2027)).toBe(true);
    expect(cal.isWorkday('2027-02-10')).toBe(false); // a Wednesday of 春节
    expect(cal.isWorkday('2027-02-14')).toBe(true); // a Sunday, 调休上班
    expect(cal.isWorkday('2027-03-03')).toBe(true);
    expect(cal.isWorkday('2027-03-06')).toBe(false);
  });

  it('leaves the bundled years as they were', () => {
    expect(cal.isWorkday('2026-02-14')).toBe(true); // a Saturday, 调休上班 in the bundled 2026
    expect(cal.isWorkday('2026-02-16')).toBe(false);
    expect(cal.isCovered(2028)).toBe(false);
  });
});
