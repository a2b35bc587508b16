import type { DbOrTx } from '../../db/client.js';
import { listDepartments } from '../../db/repositories/departments.js';
import { activePlanYears, activeTasksOfYears, type PlanTask } from '../../db/repositories/tasks.js';
import type { DepartmentEntry } from './departments.js';

/** What a question is answered from: active tasks around one plan year, and the department directory. */
export interface Catalog {
  year: number;
  /** Active tasks of plans of year-1 .. year+1, so windows that cross a year end are seen from both sides. */
  tasks: PlanTask[];
  departments: DepartmentEntry[];
  /** Years with an active plan, newest first. */
  planYears: number[];
}

export async function loadCatalog(db: DbOrTx, year: number): Promise<Catalog> {
  const [planYears, departments] = [await activePlanYears(db), await listDepartments(db)];
  // When the asked year has no plan, also load the nearest earlier plan year so an answer can fall back to it.
  const fallback = planYears.includes(year) ? undefined : planYears.find((y) => y < year) ?? planYears.at(-1);
  const years = [year - 1, year, year + 1];
  if (fallback !== undefined && !years.includes(fallback)) years.push(fallback);
  const tasks = await activeTasksOfYears(db, years);
  return {
    year, tasks, planYears,
    departments: departments.map((d) => ({ id: d.id, name: d.name, aliases: d.aliases ?? [] })),
  };
}
