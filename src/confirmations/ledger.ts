import type { PlanTask } from '../../db/repositories/tasks.js';
import { localDayTime } from '../schedule/days.js';
import { countedThings, type Figure } from './figures.js';
import type { Pair, PairState } from './pairs.js';
import type { DepartmentProgress } from './progress.js';
import { confirmableWindows, windowText } from './windows.js';

/** One line of the year-end ledger: a task window for one responsible department. */
export interface LedgerRow {
  code: string;
  title: string;
  /** "7-8月", "全年", "2027年1月". */
  window: string;
  department: string;
  role: '牵头' | '配合' | '';
  status: string;
  state: PairState | null;
  /** Who confirmed (done or partial) and when, in the bot's time zone. */
  who: string;
  when: string;
  note: string;
  figures: Figure[];
}

export const STATE_NAMES: Record<PairState, string> = {
  done: '已完成', partial: '部分完成', open: '未完成', overdue: '逾期未完成', upcoming: '未开始',
};

/**
 * The ledger an office hands in at year-end: one row per task window and responsible department, in the
 * plan's order (a task done in 7月 and again in 12月 has a row for each). Tasks that cannot be confirmed by
 * a department (goals, no department written) still get one row, so the ledger lists the whole plan.
 */
export function ledgerRows(tasks: PlanTask[], pairs: Pair[], timeZone?: string): LedgerRow[] {
  const byTask = new Map<number, Pair[]>();
  for (const p of pairs) byTask.set(p.task.id, [...(byTask.get(p.task.id) ?? []), p]);
  const rows: LedgerRow[] = [];
  for (const t of tasks) {
    const ps = (byTask.get(t.id) ?? []).sort((a, b) => a.windowIndex - b.windowIndex
      || t.departments.indexOf(a.department) - t.departments.indexOf(b.department));
    if (!ps.length) {
      rows.push({
        code: t.code, title: t.title, window: t.kind === 'goal' && !t.windows.length ? '年度目标' : t.allYear ? '全年' : windowsText(t),
        department: t.departments.join('、'), role: '', status: t.kind === 'goal' ? '年度工作目标' : '未注明负责部门', state: null,
        who: '', when: '', note: '', figures: [],
      });
      continue;
    }
    for (const p of ps) {
      // Partial progress reported on a window that is over stays in the ledger, with who and what: 部分完成（逾期）.
      const partialLate = p.state === 'overdue' && p.confirmation?.status === 'partial';
      const c = p.state === 'done' || p.state === 'partial' || partialLate ? p.confirmation : undefined;
      const at = c ? localDayTime(c.updatedAt, timeZone) : undefined;
      rows.push({
        code: t.code, title: t.title, window: t.allYear ? '全年' : windowText(p.window, t.planYear), department: p.department,
        role: p.role === 'lead' ? '牵头' : '配合', status: partialLate ? '部分完成（逾期）' : STATE_NAMES[p.state], state: p.state,
        who: c?.memberName ?? '', when: at ? `${at.day} ${at.time}` : '', note: c?.note ?? '', figures: c?.figures ?? [],
      });
    }
  }
  return rows;
}

/**
 * Work due by the cut-off day: windows that ended before it, done or not, and work confirmed done before its window
 * ended (done early), which counts as due and as done so a rate never exceeds 100%. Windows still running on the
 * cut-off day (a 全年 task before its year is out, 7-8月 on 7月10日) and those not yet begun are not due.
 */
export function dueCount(d: Pick<DepartmentProgress, 'done' | 'overdue'>): number {
  return d.done.length + d.overdue.length;
}

/** 完成率 of the ledger's summary: done ÷ due, or "—" when nothing is due yet (a rate of nothing is not 0%). */
export function completionRate(done: number, due: number): number | '—' {
  return due > 0 ? done / due : '—';
}

/** The summary sheet's note under its table: what 完成率 counts, in the office's words. */
export const RATE_NOTE = `完成率 = ${STATE_NAMES.done} ÷ 已到期。已到期 = 截止日已过的任务（不论是否完成）+ 提前完成的任务；`
  + '进行中的任务（含尚未结束的全年任务）和未开始的任务不计入。提前完成的任务同时计入已完成和已到期，完成率不会超过100%。'
  + '没有已到期的任务时显示“—”。每项任务的每个时段、每个负责部门各计一次。';

function windowsText(t: PlanTask): string {
  return t.windows.length ? confirmableWindows(t).map((w) => windowText(w, t.planYear)).join('、') : '未注明时间';
}

const SCALED_UNITS: Record<string, [string, number]> = {
  '万元': ['元', 10000], '千元': ['元', 1000], '万人': ['人', 10000], '万人次': ['人次', 10000],
};

/** One line of the year-end figures (数据汇总): figures of one department that mean the same thing, added up. */
export interface FigureTotal {
  department: string;
  unit: string;
  /** What the figures count (慰问, 参保), when the words before every one of them say the same; '' otherwise. */
  what: string;
  total: number;
  count: number;
  /** "V4W5 职工子女暑期托管班": the tasks the figures came from. */
  tasks: string[];
}

/**
 * Figures added up per department, over done and partial rows: the year-end numbers. Only figures that mean the
 * same thing are added: those of one task in one unit, and those of several tasks in one unit that count the same
 * thing by the reports' words (慰问120人 and 慰问80人). 120人 of 托管 and 300人 of 健步走 are both 人 but not one
 * number anyone could use, so each task's stay a line of its own. Kept simple on purpose: the words must be the same
 * (慰问 and 走访慰问 stay apart); a line too many is harmless, a sum of unlike things is wrong.
 */
export function figureTotals(rows: LedgerRow[]): FigureTotal[] {
  // First per department, unit and task, noting what the figures say they count.
  const byTask = new Map<string, FigureTotal & { things: Set<string | undefined> }>();
  for (const r of rows) {
    const things = countedThings(r.note, r.figures);
    r.figures.forEach((f, i) => {
      // Figures stored before 万 and 千 were read into the number (5 万元) count in the plain unit.
      const [unit, factor] = SCALED_UNITS[f.unit] ?? [f.unit, 1];
      const task = `${r.code} ${r.title}`;
      const k = `${r.department}\u0000${unit}\u0000${task}`;
      const s = byTask.get(k) ?? { department: r.department, unit, what: '', total: 0, count: 0, tasks: [task], things: new Set() };
      s.total = Math.round((s.total + f.value * factor) * 1000) / 1000;
      s.count++;
      s.things.add(things[i]);
      byTask.set(k, s);
    });
  }
  // Then the tasks whose figures of a unit all count one named thing are added together with the others counting it.
  const sums = new Map<string, FigureTotal>();
  for (const [k, t] of byTask) {
    const [thing, ...more] = [...t.things];
    const what = thing !== undefined && !more.length ? thing : '';
    const key = what ? `${t.department}\u0000${t.unit}\u0001${what}` : k;
    const s = sums.get(key);
    if (!s) { sums.set(key, { department: t.department, unit: t.unit, what, total: t.total, count: t.count, tasks: [...t.tasks] }); continue; }
    s.total = Math.round((s.total + t.total) * 1000) / 1000;
    s.count += t.count;
    s.tasks.push(...t.tasks.filter((x) => !s.tasks.includes(x)));
  }
  // A department's lines together, units in the order first reported.
  const order = (xs: string[]) => new Map([...new Set(xs)].map((x, i) => [x, i]));
  const list = [...sums.values()];
  const depts = order(list.map((x) => x.department));
  const units = order(list.map((x) => x.unit));
  return list.sort((a, b) => depts.get(a.department)! - depts.get(b.department)! || units.get(a.unit)! - units.get(b.unit)!);
}
