import type { ConfirmationRecord } from '../../db/repositories/confirmations.js';
import type { Pair } from '../confirmations/pairs.js';
import type { DepartmentProgress } from '../confirmations/progress.js';
import { windowDeadline, windowText } from '../confirmations/windows.js';
import { chineseDay, localDayTime } from '../schedule/days.js';
import { shortTitle } from './task-lines.js';

/** Task codes, each once; a task counted for several windows (2月、10月) says so, so the codes add up to the count. */
const codes = (ps: Pair[], max = 6) => {
  const times = new Map<string, number>();
  for (const p of ps) times.set(p.task.code, (times.get(p.task.code) ?? 0) + 1);
  const cs = [...times].map(([code, n]) => (n > 1 ? `${code}（${n}次）` : code));
  return cs.slice(0, max).join('、') + (cs.length > max ? `等${cs.length}项` : '');
};

/** "局工会：完成 1/3｜部分 1：D6S9｜未完成 1：M7Z2｜逾期 1：S8T4" — one phone line per department. */
export function departmentLine(d: DepartmentProgress): string {
  const due = d.total - d.upcoming.length;
  // Nothing due yet: "完成 0/0" says nothing; "未开始 2" says it all.
  const parts = due ? [`完成 ${d.done.length}/${due}`] : [];
  if (d.partial.length) parts.push(`部分 ${d.partial.length}：${codes(d.partial)}`);
  if (d.open.length) parts.push(`未完成 ${d.open.length}：${codes(d.open)}`);
  if (d.overdue.length) parts.push(`逾期 ${d.overdue.length}：${codes(d.overdue)}`);
  if (d.upcoming.length) parts.push(`未开始 ${d.upcoming.length}`);
  const all = due > 0 && d.done.length === due ? ' ✓' : '';
  return `${d.department}：${parts.join('｜')}${all}`;
}

/** Who confirmed and when: "张三 7月3日" (or with another separator, "张三，7月3日"). */
export function confirmerAndDay(c: Pick<ConfirmationRecord, 'memberName' | 'updatedAt'>, year: number, separator = ' '): string {
  return [c.memberName, chineseDay(localDayTime(c.updatedAt).day, year)].filter(Boolean).join(separator);
}

/** Who confirmed the pair and when: "张三 7月3日". */
export function confirmedBy(p: Pair, year: number): string {
  return p.confirmation ? confirmerAndDay(p.confirmation, year) : '';
}

/** Pairs grouped by task window (one group per task and window, in first-seen order). */
export function byTaskWindow(pairs: Pair[]): Pair[][] {
  const groups = new Map<string, Pair[]>();
  for (const p of pairs) {
    const k = `${p.task.id}:${p.windowIndex}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()];
}

/** One line per task window confirmed done: "V4W5 职工子女暑期托管班（7-8月）：机关工会（赵主席 7月10日）". */
export function doneLines(done: Pair[], year: number): string[] {
  return byTaskWindow(done).map((ps) => {
    const t = ps[0]!.task;
    const when = ps[0]!.yearLong ? '全年' : windowText(ps[0]!.window, t.planYear);
    return `${t.code} ${t.title}（${when}）：${ps.map((p) => `${p.department}（${confirmedBy(p, year)}）`).join('、')}`;
  });
}

/**
 * Outstanding pairs grouped by task window: "M7Z2 职工互助保障…｜7月31日截止", then who has not confirmed
 * and who reported partial progress. `own`: the list is one department's own (it is named in the title), so
 * each task is one line; any other list (the office's, 各部门) names who is behind, even when that is one
 * department.
 */
export function outstandingLines(pairs: Pair[], year: number, max = 12, more = '请加上月份或部门缩小范围。', own = false): string[] {
  const list = byTaskWindow(pairs).sort((a, b) => windowDeadline(a[0]!.window).localeCompare(windowDeadline(b[0]!.window)));
  const lines: string[] = [];
  // Partial progress stays partial once the window is over (overdue, but reported on).
  const reported = (x: Pair) => x.confirmation?.status === 'partial';
  for (const g of list.slice(0, max)) {
    const p = g[0]!;
    const late = g.some((x) => x.state === 'overdue') ? '，已逾期' : '';
    const line = `${p.task.code} ${shortTitle(p.task.title, 16)}｜${chineseDay(windowDeadline(p.window), year)}截止${late}`;
    if (own) {
      lines.push(`${line}${g.some(reported) ? '，已报部分进展' : ''}`);
      continue;
    }
    lines.push(line);
    const missing = g.filter((x) => !reported(x)).map((x) => x.department);
    const partial = g.filter(reported).map((x) => x.department);
    if (missing.length) lines.push(`  未确认：${missing.join('、')}`);
    if (partial.length) lines.push(`  部分完成：${partial.join('、')}`);
  }
  if (list.length > max) lines.push(`……另有 ${list.length - max} 项，${more}`);
  return lines;
}

const STATE_WORDS: Record<Pair['state'], string> = {
  done: '已完成', partial: '部分完成', open: '未确认', overdue: '逾期未确认', upcoming: '未开始',
};

/** One task's standing per department: for "送清凉完成了吗". */
export function taskStatusLines(pairs: Pair[], year: number): string[] {
  const p = pairs[0]!;
  const lines = [`${p.task.code} ${p.task.title}（${windowText(p.window, p.task.planYear)}）`];
  for (const x of pairs) {
    const partialLate = x.state === 'overdue' && x.confirmation?.status === 'partial';
    const who = x.state === 'done' || x.state === 'partial' || partialLate ? `（${confirmedBy(x, year)}）` : '';
    const figures = x.confirmation && x.state === 'done' ? x.confirmation.figures.map((f) => f.text).join('、') : '';
    lines.push(`  ${x.department}：${partialLate ? '部分完成，已逾期' : STATE_WORDS[x.state]}${who}${figures ? ` ${figures}` : ''}`);
  }
  return lines;
}

/** Other months' work a month's progress follows (ProgressScope.otherMonths), by what it is to the month. */
export interface OtherMonths {
  /** Earlier windows still not confirmed done: overdue. */
  owed: Pair[];
  /** Earlier windows confirmed since the month began (another department may still owe the same task). */
  madeGood: Pair[];
  /** Later windows confirmed since the month began. */
  early: Pair[];
}

export function splitOtherMonths(others: Pair[], months: { year: number; month: number }[]): OtherMonths {
  const first = Math.min(...months.map((m) => m.year * 12 + m.month));
  const before = others.filter((p) => p.window.startYear * 12 + p.window.startMonth < first);
  return { owed: before.filter((p) => p.state !== 'done'), madeGood: before.filter((p) => p.state === 'done'), early: others.filter((p) => !before.includes(p)) };
}

/** How many tasks, and their codes: "7 项：G8R6、Y9G5、C8U7…". */
const taskCount = (ps: Pair[], max = 8) => {
  const cs = [...new Set(ps.map((p) => p.task.code))];
  return `${cs.length} 项：${cs.slice(0, max).join('、')}${cs.length > max ? '等' : ''}`;
};

/**
 * The other months' work as lines apart from the month's figures, the same in chat (进度) and in the CLI (progress):
 * "另有以前月份逾期未完成 7 项：G8R6、Y9G5…", "本月补完成以前月份的任务 1 项：M4K7", "本月提前完成以后月份的任务 1 项：N5W8".
 * With `detailOf` (one department's own view, the year to write deadlines in), the work owed is listed a task a line.
 */
export function otherMonthsLines(o: OtherMonths, detailOf?: number): string[] {
  const owed = !o.owed.length ? []
    : detailOf === undefined ? [`另有以前月份逾期未完成 ${taskCount(o.owed)}`]
      : [`另有以前月份逾期未完成 ${new Set(o.owed.map((p) => p.task.id)).size} 项：`, ...outstandingLines(o.owed, detailOf, 6, undefined, true)];
  return [
    ...owed,
    ...(o.madeGood.length ? [`本月补完成以前月份的任务 ${taskCount(o.madeGood)}`] : []),
    ...(o.early.length ? [`本月提前完成以后月份的任务 ${taskCount(o.early)}`] : []),
  ];
}
