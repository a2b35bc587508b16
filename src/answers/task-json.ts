import type { PlanTask } from '../../db/repositories/tasks.js';
import { monthsInYear } from '../core/months.js';

/** A task as `planbot ask --json` reports it; `months` has the import contract's meaning (design §7). */
export interface TaskJson {
  code: string;
  title: string;
  months: number[] | 'all';
  departments: string[];
}

export function toTaskJson(t: PlanTask): TaskJson {
  return { code: t.code, title: t.title, months: monthsInYear(t.windows, t.allYear, t.planYear), departments: t.departments };
}
