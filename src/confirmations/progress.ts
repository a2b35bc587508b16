import type { DbOrTx } from '../../db/client.js';
import { confirmationsOfTasks, confirmationsOfTasksAsOf } from '../../db/repositories/confirmations.js';
import { officeDepartment } from '../../db/repositories/departments.js';
import type { CalendarDay } from '../core/clock.js';
import { loadCatalog, type Catalog } from '../query/catalog.js';
import type { YearMonth } from '../query/time.js';
import { departmentIdMap, pairInMonths, taskPairs, type Pair } from './pairs.js';
import { windowDeadline } from './windows.js';
import { addDays, instantAt, isoDay } from '../schedule/days.js';

/** One department's pairs in a scope, by state. */
export interface DepartmentProgress {
  departmentId: number;
  department: string;
  done: Pair[];
  partial: Pair[];
  open: Pair[];
  overdue: Pair[];
  upcoming: Pair[];
  total: number;
}

/** The pairs a progress view covers: month-bound work in the months, year-long work (Pair.yearLong) apart. */
export interface ProgressScope {
  /** Windows overlapping the months asked about: the months' own figures. */
  monthly: Pair[];
  allYear: Pair[];
  /**
   * When the months include the current one: other windows of this year that an office follows in a monthly
   * meeting, shown apart from the months' figures (a month's 完成 x/y counting January's overdue work confused it):
   * earlier work still owed, and work of other months confirmed since this month began (made good late, done early).
   */
  otherMonths: Pair[];
}

/** The task with the departments that answer for it: those the plan names, else the office's (when it has one). */
export function withOwners<T extends { departments: string[] }>(t: T, office: { name: string } | undefined): T {
  return t.departments.length || !office ? t : { ...t, departments: [office.name] };
}

/**
 * Every pair of the active tasks around `year`, with today's state. Work the plan gives no department is the
 * office's (officeDepartment), when the office has a bound group. With `asOf` (the end of a day a report is for:
 * see endOfDay), the confirmations as they stood then: none recorded later counts.
 */
export async function loadPairs(db: DbOrTx, year: number, today: CalendarDay, catalog?: Catalog, asOf?: Date): Promise<{
  catalog: Catalog; pairs: Pair[]; office?: { id: number; name: string };
}> {
  const c = catalog ?? await loadCatalog(db, year);
  const ids = c.tasks.map((t) => t.id);
  const [confirmations, office] = [
    await (asOf ? confirmationsOfTasksAsOf(db, ids, asOf) : confirmationsOfTasks(db, ids)), await officeDepartment(db)];
  const tasks = c.tasks.map((t) => withOwners(t, office));
  return { catalog: c, pairs: taskPairs(tasks, confirmations, departmentIdMap(c.departments), today), office };
}

/**
 * Picks the pairs of a progress question. With months: windows overlapping them; apart (otherMonths), when the
 * months include the current one, this year's earlier windows still unconfirmed, which are what an office chases,
 * and other windows confirmed since the month began.
 * Without: the plan year's windows. Tasks may be narrowed first (keywords), departments by id.
 */
export function scopePairs(pairs: Pair[], opts: {
  today: CalendarDay; year: number; months?: YearMonth[]; departmentIds?: Set<number>; taskIds?: Set<number>;
}): ProgressScope {
  const months = opts.months && new Set(opts.months.map((m) => m.year * 12 + m.month));
  const current = opts.today.year * 12 + opts.today.month;
  const yearStart = `${opts.today.year}-01-01`;
  const monthStart = instantAt(isoDay(opts.today.year, opts.today.month, 1), '00:00');
  const chosen: Pair[] = [];
  const otherMonths: Pair[] = [];
  for (const p of pairs) {
    if (opts.departmentIds && !opts.departmentIds.has(p.departmentId)) continue;
    if (opts.taskIds && !opts.taskIds.has(p.task.id)) continue;
    // The year's work: its plan's, and an earlier plan's window that falls in it (换届筹备 of the 2026 plan, 2027年1月),
    // which no other year's view would show (the pointer to last year's overdue work leaves it out).
    if (!months) {
      if (p.task.planYear === opts.year || p.window.startYear === opts.year || p.window.endYear === opts.year) chosen.push(p);
      continue;
    }
    if (pairInMonths(p, months)) { chosen.push(p); continue; }
    if (!months.has(current) || p.yearLong || windowDeadline(p.window) < yearStart) continue;
    // Earlier work still owed, and work confirmed this month (an overdue task made good stays in view, said so).
    if (p.state === 'overdue' || (p.state === 'done' && !!p.confirmation && p.confirmation.updatedAt >= monthStart)) otherMonths.push(p);
  }
  return { monthly: chosen.filter((p) => !p.yearLong), allYear: chosen.filter((p) => p.yearLong), otherMonths };
}

/** The first instant after `day` in the bot's time zone: what a report "as of" that day counts up to (exclusive). */
export function endOfDay(day: CalendarDay, timeZone?: string): Date {
  return instantAt(addDays(isoDay(day.year, day.month, day.day), 1), '00:00', timeZone);
}

/** Pairs grouped by department, in the directory's order. */
export function byDepartment(pairs: Pair[]): DepartmentProgress[] {
  const out = new Map<number, DepartmentProgress>();
  for (const p of pairs) {
    let d = out.get(p.departmentId);
    if (!d) {
      d = { departmentId: p.departmentId, department: p.department, done: [], partial: [], open: [], overdue: [], upcoming: [], total: 0 };
      out.set(p.departmentId, d);
    }
    d[p.state].push(p);
    d.total++;
  }
  return [...out.values()].sort((a, b) => a.departmentId - b.departmentId);
}

/** Not confirmed done (open, partial, overdue; upcoming windows are not due yet). */
export const isOutstanding = (p: Pair) => p.state === 'open' || p.state === 'partial' || p.state === 'overdue';
