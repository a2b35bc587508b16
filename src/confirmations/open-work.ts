import { shortTitle } from '../answers/task-lines.js';
import type { CalendarDay } from '../core/clock.js';
import { chineseDay } from '../schedule/days.js';
import type { Pair } from './pairs.js';
import { windowCovers, windowDeadline } from './windows.js';

/** A department's work this month that is not confirmed done, and its overdue windows of this year. */
export function openWork(pairs: Pair[], departmentId: number, today: CalendarDay) {
  const own = pairs.filter((p) => p.departmentId === departmentId);
  const thisMonth = own.filter((p) => !p.yearLong && windowCovers(p.window, today.year, today.month));
  return {
    thisMonth,
    yearLong: own.filter((p) => p.yearLong && p.task.planYear === today.year && (p.state === 'open' || p.state === 'partial')),
    // The nearest deadline first: what is due this month before what runs on into the next.
    open: thisMonth.filter((p) => p.state === 'open' || p.state === 'partial')
      .sort((a, b) => windowDeadline(a.window).localeCompare(windowDeadline(b.window))),
    overdue: own.filter((p) => p.state === 'overdue' && windowDeadline(p.window) >= `${today.year}-01-01`),
  };
}

/** "组织人事处本月还需完成 1 项：…" and the overdue count: the tail of every confirmation answer. */
export function openWorkLines(pairs: Pair[], department: { id: number; name: string }, today: CalendarDay): string[] {
  const w = openWork(pairs, department.id, today);
  const lines: string[] = [];
  if (w.open.length) {
    lines.push(`${department.name}本月还需完成 ${w.open.length} 项：`);
    for (const p of w.open.slice(0, 5)) {
      const partial = p.state === 'partial' ? '，已部分完成' : '';
      lines.push(`· ${p.task.code} ${shortTitle(p.task.title, 16)}（${chineseDay(windowDeadline(p.window), today.year)}截止${partial}）`);
    }
    if (w.open.length > 5) lines.push(`……另有 ${w.open.length - 5} 项，发送“未完成”查看全部。`);
  } else if (w.thisMonth.length) {
    lines.push(`${department.name}本月的任务已全部确认完成。`);
  } else {
    lines.push(`${department.name}本月没有其他按月安排的任务。`);
    // A plan of year-long work only (工作要点 goals): what the department still owes this year.
    if (w.yearLong.length) lines.push(`全年工作还有 ${new Set(w.yearLong.map((p) => p.task.id)).size} 项未确认完成，发送“${department.name}进度”查看。`);
  }
  if (w.overdue.length) {
    const codes = [...new Set(w.overdue.map((p) => p.task.code))];
    lines.push(`另有逾期未确认 ${codes.length} 项：${codes.slice(0, 6).join('、')}${codes.length > 6 ? '等' : ''}`);
  }
  return lines;
}
