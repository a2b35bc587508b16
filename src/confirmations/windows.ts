import type { Window } from '../../db/schema.js';
import type { CalendarDay } from '../core/clock.js';
import { lastDayOfMonth, type IsoDay } from '../schedule/days.js';

/** What window arithmetic needs of a task. */
export interface WindowedTask {
  windows: Window[];
  allYear: boolean;
  planYear: number;
}

const ym = (year: number, month: number) => year * 12 + month;

/**
 * The windows a task is confirmed against, indexed the way src/reminders/plan-reminders.ts indexes them
 * (remindableWindows): the stored windows in order; a task without a stored window has one window, index 0
 * (Jan–Dec of its plan year, as for an all-year task). Keeping one numbering is what makes a confirmation stop
 * the nudges and overdue notices of exactly that window.
 */
export function confirmableWindows(t: WindowedTask): Window[] {
  if (t.windows.length) return t.windows;
  return [{ startYear: t.planYear, startMonth: 1, endYear: t.planYear, endMonth: 12 }];
}

/**
 * The window a confirmation sent today is about: the one containing today, else the latest that has
 * started (a late confirmation of July's work in August), else the first (an early one).
 */
export function currentWindowIndex(t: WindowedTask, today: Pick<CalendarDay, 'year' | 'month'>): number {
  const windows = confirmableWindows(t);
  const now = ym(today.year, today.month);
  const containing = windows.findIndex((w) => ym(w.startYear, w.startMonth) <= now && now <= ym(w.endYear, w.endMonth));
  if (containing >= 0) return containing;
  let latest = -1;
  windows.forEach((w, i) => {
    const start = ym(w.startYear, w.startMonth);
    if (start <= now && (latest < 0 || start >= ym(windows[latest]!.startYear, windows[latest]!.startMonth))) latest = i;
  });
  return latest >= 0 ? latest : 0;
}

/** True when the window has begun by `today`'s month. */
export function windowStarted(w: Window, today: Pick<CalendarDay, 'year' | 'month'>): boolean {
  return ym(w.startYear, w.startMonth) <= ym(today.year, today.month);
}

/** True when the window covers the month. */
export function windowCovers(w: Window, year: number, month: number): boolean {
  const k = ym(year, month);
  return ym(w.startYear, w.startMonth) <= k && k <= ym(w.endYear, w.endMonth);
}

/** Last day of the window: its deadline. */
export function windowDeadline(w: Window): IsoDay {
  return lastDayOfMonth(w.endYear, w.endMonth);
}

/** "7月", "7-8月", "2027年1月", "11月-2027年1月": a window in the words of the plan year. */
export function windowText(w: Window, planYear: number): string {
  const y = w.startYear !== planYear ? `${w.startYear}年` : '';
  if (w.startYear === w.endYear && w.startMonth === w.endMonth) return `${y}${w.startMonth}月`;
  if (w.startYear === w.endYear && w.startMonth === 1 && w.endMonth === 12) return `${y}全年`;
  if (w.startYear !== w.endYear) return `${y}${w.startMonth}月-${w.endYear}年${w.endMonth}月`;
  return `${y}${w.startMonth}-${w.endMonth}月`;
}
