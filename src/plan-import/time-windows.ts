import type { TaskWindow } from './types.js';
import { findTimeMentions } from './time-expressions.js';

/** Table time cells, month headings and month arithmetic over TaskWindow lists. */
export interface TimeCell {
  windows: TaskWindow[];
  allYear: boolean;
  note: string;
}

/** Reads a table time cell ("1-2月", "4 或 5 月", "全年", "2027 年 1 月"). Null if no time is found. */
export function parseTimeCell(cell: string, planYear: number): TimeCell | null {
  const text = cell.trim();
  if (!text) return null;
  const ms = findTimeMentions(text, planYear);
  if (!ms.length) return null;
  return {
    windows: ms.flatMap((m) => m.windows),
    allYear: ms.some((m) => m.allYear),
    note: text,
  };
}

/**
 * If the text is nothing but a time expression (a month heading such as "一月份：",
 * "1~2月:", "七、八月份", "第一季度", "下半年工作安排"), returns it; otherwise null.
 */
export function parseTimeOnly(text: string, planYear: number): TimeCell | null {
  const core = text
    .trim()
    .replace(/[:：]\s*$/, '')
    .replace(/(的)?(重点)?(工作|活动)?(安排|计划|要点|任务)?$/, '')
    .trim();
  if (!core || core.length > 24) return null;
  const ms = findTimeMentions(core, planYear);
  if (!ms.length) return null;
  if (ms.some((m) => m.kind === 'festival' || m.kind === 'event')) return null;
  let rest = core;
  for (const m of [...ms].reverse()) rest = rest.slice(0, m.start) + rest.slice(m.end);
  if (rest.replace(/[\s、，,和及与至到~\-（）()]/g, '') !== '') return null;
  return { windows: ms.flatMap((m) => m.windows), allYear: ms.some((m) => m.allYear), note: core };
}

/** True when a table cell holds only a time ("1-2月", "春节前", "全年", "2027 年 1 月"). */
export function isTimeCell(cell: string, planYear: number): boolean {
  const t = cell.trim();
  if (!t || t.length > 24) return false;
  const ms = findTimeMentions(t, planYear);
  if (!ms.length) return false;
  let rest = t;
  for (const m of [...ms].reverse()) rest = rest.slice(0, m.start) + rest.slice(m.end);
  return rest.replace(/[\s、，,和及与或至到~\-（）()前后期间左右底初中旬上下内每完成开始]/g, '') === '';
}

/** Months 1..12 covered by the windows within the given year, sorted, unique. */
export function monthsInYear(windows: TaskWindow[], year: number): number[] {
  const set = new Set<number>();
  for (const w of windows) {
    let y = w.startYear;
    let mo = w.startMonth;
    for (let guard = 0; guard < 240; guard++) {
      if (y === year && mo >= 1 && mo <= 12) set.add(mo);
      if (y > w.endYear || (y === w.endYear && mo >= w.endMonth)) break;
      mo++;
      if (mo > 12) {
        mo = 1;
        y++;
      }
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** True when two window lists share a month (in any year). */
export function windowsOverlap(a: TaskWindow[], b: TaskWindow[]): boolean {
  const key = (w: TaskWindow) => [w.startYear * 12 + w.startMonth, w.endYear * 12 + w.endMonth] as const;
  return a.some((x) => b.some((y) => key(x)[0] <= key(y)[1] && key(y)[0] <= key(x)[1]));
}
