import type { ConfirmationRecord } from '../../db/repositories/confirmations.js';
import type { PlanTask } from '../../db/repositories/tasks.js';
import type { Window } from '../../db/schema.js';
import type { CalendarDay } from '../core/clock.js';
import { isoDay } from '../schedule/days.js';
import { confirmableWindows, windowDeadline, windowStarted } from './windows.js';

/** Where one (task window, department) stands today. */
export type PairState = 'done' | 'partial' | 'open' | 'overdue' | 'upcoming';

/** One task window for one responsible department: the unit that is confirmed, reminded and exported. */
export interface Pair {
  task: PlanTask;
  windowIndex: number;
  window: Window;
  departmentId: number;
  department: string;
  role: 'lead' | 'assist';
  /**
   * Work for the whole year rather than for given months: an all-year task, or one the plan gives no months
   * (a goal of a 工作要点, say), whose window is its plan year. Progress shows it apart from the months' work.
   */
  yearLong: boolean;
  confirmation?: ConfirmationRecord;
  state: PairState;
}

const key = (taskId: number, windowIndex: number, departmentId: number) => `${taskId}:${windowIndex}:${departmentId}`;

/**
 * Every (task window, department) pair of the tasks, with its state on `today`: done when confirmed done;
 * otherwise overdue once the window's last day has passed, upcoming before it starts, else partial or open.
 * Goals are included: they get no reminders, but a plan of goals (工作要点) is what its departments report on
 * over the year, and the office follows.
 */
export function taskPairs(
  tasks: PlanTask[], confirmations: ConfirmationRecord[], departmentIds: ReadonlyMap<string, number>, today: CalendarDay,
): Pair[] {
  const byKey = new Map(confirmations.map((c) => [key(c.taskId, c.windowIndex, c.departmentId), c]));
  const day = isoDay(today.year, today.month, today.day);
  const out: Pair[] = [];
  for (const task of tasks) {
    const yearLong = task.allYear || !task.windows.length;
    confirmableWindows(task).forEach((window, windowIndex) => {
      task.departments.forEach((department, i) => {
        const departmentId = departmentIds.get(department);
        if (departmentId === undefined) return;
        const confirmation = byKey.get(key(task.id, windowIndex, departmentId));
        let state: PairState;
        if (confirmation?.status === 'done') state = 'done';
        else if (windowDeadline(window) < day) state = 'overdue';
        else if (!windowStarted(window, today)) state = 'upcoming';
        else state = confirmation?.status === 'partial' ? 'partial' : 'open';
        out.push({ task, windowIndex, window, departmentId, department, role: i === 0 ? 'lead' : 'assist', yearLong, confirmation, state });
      });
    });
  }
  return out;
}

/** True when the pair's window overlaps any of the months (year*12 + month keys). */
export function pairInMonths(p: Pair, months: Set<number>): boolean {
  const from = p.window.startYear * 12 + p.window.startMonth, to = p.window.endYear * 12 + p.window.endMonth;
  for (const m of months) if (from <= m && m <= to) return true;
  return false;
}

/** Name → id of every department, for tasks that carry department names. */
export function departmentIdMap(departments: { id: number; name: string }[]): Map<string, number> {
  return new Map(departments.map((d) => [d.name, d.id]));
}
