import type { PlanTask } from '../../db/repositories/tasks.js';
import { localDayTime } from '../schedule/days.js';
import type { Figure } from './figures.js';
import type { Pair, PairState } from './pairs.js';
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

function windowsText(t: PlanTask): string {
  return t.windows.length ? confirmableWindows(t).map((w) => windowText(w, t.planYear)).join('、') : '未注明时间';
}

const SCALED_UNITS: Record<string, [string, number]> = {
  '万元': ['元', 10000], '千元': ['元', 1000], '万人': ['人', 10000], '万人次': ['人次', 10000],
};

/** Figures summed per department and unit, over done and partial rows: the year-end numbers. */
export function figureTotals(rows: LedgerRow[]): { department: string; unit: string; total: number; count: number; tasks: string[] }[] {
  const sums = new Map<string, { department: string; unit: string; total: number; count: number; tasks: string[] }>();
  for (const r of rows) {
    for (const f of r.figures) {
      // Figures stored before 万 and 千 were read into the number (5 万元) count in the plain unit.
      const [unit, factor] = SCALED_UNITS[f.unit] ?? [f.unit, 1];
      const k = `${r.department}\u0000${unit}`;
      const s = sums.get(k) ?? { department: r.department, unit, total: 0, count: 0, tasks: [] };
      // Which tasks the figures came from, so the clerk can tell 120人 of 慰问 from 312人 of 参保.
      const task = `${r.code} ${r.title}`;
      if (!s.tasks.includes(task)) s.tasks.push(task);
      s.total = Math.round((s.total + f.value * factor) * 1000) / 1000;
      s.count++;
      sums.set(k, s);
    }
  }
  return [...sums.values()];
}
