import type { DbOrTx } from '../../db/client.js';
import { listDepartments } from '../../db/repositories/departments.js';
import { activePlanYears, activeTasksOfYears, tasksOfPlans, withdrawnPlans, type PlanTask, type WithdrawnPlan } from '../../db/repositories/tasks.js';
import type { DepartmentEntry } from './departments.js';

/** What a question is answered from: active tasks around one plan year, and the department directory. */
export interface Catalog {
  year: number;
  /** Active tasks of plans of year-1 .. year+1, so windows that cross a year end are seen from both sides. */
  tasks: PlanTask[];
  departments: DepartmentEntry[];
  /** Years with an active plan, newest first. */
  planYears: number[];
  /**
   * Plans the office withdrew (plans withdraw), so that a year whose plans were all withdrawn is said to be so
   * instead of looking like a year with nothing to do.
   */
  withdrawn?: WithdrawnPlan[];
}

/** The withdrawn plans of a year that has no active plan: what an answer about that year must mention. */
export function withdrawnOnly(c: Catalog, year: number): WithdrawnPlan[] {
  return c.planYears.includes(year) ? [] : (c.withdrawn ?? []).filter((p) => p.year === year);
}

export async function loadCatalog(db: DbOrTx, year: number): Promise<Catalog> {
  const [planYears, departments, withdrawn] = [await activePlanYears(db), await listDepartments(db), await withdrawnPlans(db)];
  // When the asked year has no plan, also load the nearest earlier plan year so an answer can fall back to it.
  const fallback = planYears.includes(year) ? undefined : planYears.find((y) => y < year) ?? planYears.at(-1);
  const years = [year - 1, year, year + 1];
  if (fallback !== undefined && !years.includes(fallback)) years.push(fallback);
  const tasks = await activeTasksOfYears(db, years);
  return {
    year, tasks, planYears, withdrawn,
    departments: departments.map((d) => ({ id: d.id, name: d.name, aliases: d.aliases ?? [] })),
  };
}

/** A catalog of these plans' tasks alone, whatever the plans' status: what a ledger of chosen plans is built from. */
export async function loadPlansCatalog(db: DbOrTx, year: number, planIds: number[]): Promise<Catalog> {
  const [planYears, departments, withdrawn, tasks] = [await activePlanYears(db), await listDepartments(db),
    await withdrawnPlans(db), await tasksOfPlans(db, planIds)];
  return {
    year, tasks, planYears, withdrawn,
    departments: departments.map((d) => ({ id: d.id, name: d.name, aliases: d.aliases ?? [] })),
  };
}
