import { createRequire } from 'node:module';
import { addDays, isoDay, weekday, type IsoDay } from './days.js';
import { statutoryHolidays } from './statutory-holidays.js';

/**
 * China's working calendar: statutory holidays and the make-up workdays (调休) from `chinese-days`,
 * which publishes each year once the State Council announces it (usually in November).
 * A year it does not cover falls back to Monday–Friday less the statutory holidays computed from the
 * law (no bridging or make-up days, which only the yearly notice fixes); `isCovered` lets the office be told.
 */
export interface WorkCalendar {
  isWorkday(day: IsoDay): boolean;
  /** True when the year's holidays and make-up days are known, not guessed from weekends. */
  isCovered(year: number): boolean;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// The raw table, not the package's isWorkday(): that one reads weekdays in the machine's local
// time zone, so on a server west of UTC it shifts every date by one day.
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const coveredYears = new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));

export const chinaCalendar: WorkCalendar = {
  isWorkday(day) {
    if (data.workdays[day]) return true;
    if (data.holidays[day]) return false;
    const year = Number(day.slice(0, 4));
    if (!coveredYears.has(year) && statutoryHolidays(year).has(day)) return false;
    const w = weekday(day);
    return w >= 1 && w <= 5;
  },
  isCovered: (year) => coveredYears.has(year),
};

/**
 * The bundled calendar with the years the office imported from the State Council's notice (`holidays import`):
 * an imported day off or make-up workday is what the notice says; any other day of an imported year is a workday
 * from Monday to Friday. `year` is the notice's (its 元旦 may begin on 31 December of the year before).
 */
export function withImportedDays(
  days: readonly { day: IsoDay; year: number; kind: 'holiday' | 'workday' }[], base: WorkCalendar = chinaCalendar,
): WorkCalendar {
  if (days.length === 0) return base;
  const kinds = new Map(days.map((d) => [d.day, d.kind]));
  const years = new Set(days.map((d) => d.year));
  return {
    isWorkday(day) {
      const kind = kinds.get(day);
      if (kind) return kind === 'workday';
      if (!years.has(Number(day.slice(0, 4)))) return base.isWorkday(day);
      const w = weekday(day);
      return w >= 1 && w <= 5;
    },
    isCovered: (year) => years.has(year) || base.isCovered(year),
  };
}

export function isWorkday(day: IsoDay, cal: WorkCalendar = chinaCalendar): boolean {
  return cal.isWorkday(day);
}

export function isCovered(year: number, cal: WorkCalendar = chinaCalendar): boolean {
  return cal.isCovered(year);
}

/** Years `chinese-days` covers, for messages such as “节假日数据覆盖 2004–2026 年”. */
export function coveredRange(): { from: number; to: number } {
  const years = [...coveredYears];
  return { from: Math.min(...years), to: Math.max(...years) };
}

/** First workday on or after `day`. */
export function workdayOnOrAfter(day: IsoDay, cal: WorkCalendar = chinaCalendar): IsoDay {
  let d = day;
  // The longest run of days off in China is 9 (Spring Festival); a month bounds any sane calendar.
  for (let i = 0; i < 40 && !cal.isWorkday(d); i++) d = addDays(d, 1);
  return d;
}

export function firstWorkdayOfMonth(year: number, month: number, cal: WorkCalendar = chinaCalendar): IsoDay {
  return workdayOnOrAfter(isoDay(year, month, 1), cal);
}

/** First workday strictly after `day`. */
export function firstWorkdayAfter(day: IsoDay, cal: WorkCalendar = chinaCalendar): IsoDay {
  return workdayOnOrAfter(addDays(day, 1), cal);
}

/**
 * The n-th workday strictly before `day` (n ≥ 1): with `day` the first day after a window,
 * n = 5 is the day from which five workdays, itself included, remain in the window.
 */
export function workdaysBefore(day: IsoDay, n: number, cal: WorkCalendar = chinaCalendar): IsoDay {
  let d = day;
  for (let left = n; left > 0;) {
    d = addDays(d, -1);
    if (cal.isWorkday(d)) left--;
  }
  return d;
}
