import type { TaskWindow } from '../plan-import/types.js';
import { windowText } from '../confirmations/windows.js';

/** Sorted months of the plan year that the task's windows cover; "all" for all-year tasks. */
export function monthsInYear(windows: TaskWindow[], allYear: boolean, year: number): number[] | 'all' {
  if (allYear) return 'all';
  const set = new Set<number>();
  for (const w of windows) {
    for (let y = w.startYear, m = w.startMonth; y < w.endYear || (y === w.endYear && m <= w.endMonth);) {
      if (y === year) set.add(m);
      if (++m > 12) { m = 1; y++; }
      if (y > year + 1) break;
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Month numbers as Chinese text: "7-8月", "7月、12月", "全年", "2027年1月", or "未注明时间". */
export function formatWindows(windows: TaskWindow[], allYear: boolean, year: number): string {
  if (allYear) return '全年';
  if (!windows.length) return '未注明时间';
  return windows.map((w) => windowText(w, year)).join('、');
}
