import type { PlanTask } from '../../db/repositories/tasks.js';
import { formatWindows } from '../core/months.js';
import { compact } from '../query/scanner.js';

/** "7-8月", "全年", "2027年1月", "未注明时间", "年度目标": months as the plan states them. */
export function whenText(t: PlanTask): string {
  if (t.kind === 'goal' && !t.allYear && !t.windows.length) return '年度目标';
  return formatWindows(t.windows, t.allYear, t.planYear);
}

// Only a time-like 计划时间 note adds anything to the months ("4 或 5 月" says "one of", 4-5月 does not).
const TIME_NOTE = /^[\d\s年月日号至到或、\-—~.上中下旬初底]+$/;

/**
 * Months plus the plan's own wording when it says more: "4-5月（计划原文：4 或 5 月）". A title that names its day
 * ("7.15 城管公众开放日", "7月15日 开放日") in the task's one month gives that day: "7月15日".
 */
export function whenWithNote(t: PlanTask): string {
  const w = whenText(t);
  const day = /^(\d{1,2})(?:\.|月)(\d{1,2})日?(?!\d)/.exec(t.title.trim());
  const only = t.windows.length === 1 && t.windows[0]!.startMonth === t.windows[0]!.endMonth ? t.windows[0]! : undefined;
  if (day && only && Number(day[1]) === only.startMonth && Number(day[2]) >= 1 && Number(day[2]) <= 31) {
    return `${w.replace(/月$/, '')}月${Number(day[2])}日`;
  }
  const note = t.datesNote?.trim();
  return note && TIME_NOTE.test(note) && compact(note) !== compact(w) ? `${w}（计划原文：${note}）` : w;
}

export function departmentsText(t: PlanTask): string {
  return t.departments.length ? t.departments.join('、') : '未注明部门';
}

/** "K7Q2 送清凉高温慰问（慰问一线）｜7-8月｜局工会": one phone-width line per task. */
export function taskLine(t: PlanTask): string {
  return `${t.code} ${t.title}｜${whenText(t)}｜${departmentsText(t)}`;
}

/** A title without its parenthesised note and at most `max` characters: for summaries. */
export function shortTitle(title: string, max = 14): string {
  const bare = title.replace(/[（(][^）)]*[）)]/g, '').replace(/\s+/g, '').trim() || title;
  const chars = [...bare];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : bare;
}

/** "全年任务 5 项：A2B3 立功竞赛活动；C4D5 先进评选推荐…": codes and short titles, no detail. */
export function summaryLine(label: string, tasks: PlanTask[], maxItems = 8): string {
  const shown = tasks.slice(0, maxItems).map((t) => `${t.code} ${shortTitle(t.title)}`);
  const more = tasks.length > maxItems ? `等` : '';
  return `${label} ${tasks.length} 项：${shown.join('；')}${more}`;
}
