import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { plans, tasks, type Window } from '../schema.js';

/** A task of an active plan with what a chat answer needs: its plan's year and its departments. */
export interface PlanTask {
  id: number;
  code: string;
  ref: string;
  title: string;
  detail: string;
  kind: 'scheduled' | 'goal';
  windows: Window[];
  allYear: boolean;
  datesNote: string | null;
  position: number;
  planId: number;
  planYear: number;
  planTitle: string;
  /** Department names, lead first. */
  departments: string[];
}

/**
 * Tasks of the active plans of the given years, in plan and document order.
 * Departments come back as a text[] built by a correlated subquery: one round trip, same on PGlite and PostgreSQL.
 */
export async function activeTasksOfYears(db: DbOrTx, years: number[]): Promise<PlanTask[]> {
  if (!years.length) return [];
  return planTasksWhere(db, and(eq(plans.status, 'active'), inArray(plans.year, years))!);
}

/** Tasks of these plans whatever their status (a withdrawn plan's, for its ledger), in plan and document order. */
export async function tasksOfPlans(db: DbOrTx, planIds: number[]): Promise<PlanTask[]> {
  if (!planIds.length) return [];
  return planTasksWhere(db, inArray(plans.id, planIds));
}

async function planTasksWhere(db: DbOrTx, where: SQL): Promise<PlanTask[]> {
  const rows = await db.select({
    id: tasks.id, code: tasks.code, ref: tasks.ref, title: tasks.title, detail: tasks.detail, kind: tasks.kind,
    windows: tasks.windows, allYear: tasks.allYear, datesNote: tasks.datesNote, position: tasks.position,
    planId: plans.id, planYear: plans.year, planTitle: plans.title,
    departments: sql<string[]>`array(select d.name from task_departments td
      join departments d on d.id = td.department_id
      where td.task_id = ${tasks.id} order by td.position)`,
  }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId))
    .where(where)
    .orderBy(asc(plans.year), asc(plans.id), asc(tasks.position));
  return rows.map((r) => ({ ...r, departments: r.departments ?? [] }));
}

/** A plan the office withdrew: its tasks are out of answers, reminders and progress, its confirmations kept. */
export interface WithdrawnPlan { id: number; year: number; title: string }

/** Withdrawn plans, oldest first. */
export async function withdrawnPlans(db: DbOrTx): Promise<WithdrawnPlan[]> {
  return db.select({ id: plans.id, year: plans.year, title: plans.title }).from(plans)
    .where(eq(plans.status, 'withdrawn')).orderBy(asc(plans.id));
}

/** Years that have an active plan, newest first. */
export async function activePlanYears(db: DbOrTx): Promise<number[]> {
  const rows = await db.selectDistinct({ year: plans.year }).from(plans)
    .where(eq(plans.status, 'active')).orderBy(sql`${plans.year} desc`);
  return rows.map((r) => r.year);
}

/** The task of an active plan with this id. */
export async function taskById(db: DbOrTx, id: number): Promise<PlanTask | undefined> {
  const rows = await db.select({ year: plans.year }).from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, id), eq(plans.status, 'active'))).limit(1);
  if (!rows[0]) return undefined;
  return (await activeTasksOfYears(db, [rows[0].year])).find((t) => t.id === id);
}

/** The task of an active plan with this code (codes are unique across plans). */
export async function activeTaskByCode(db: DbOrTx, code: string): Promise<PlanTask | undefined> {
  const rows = await db.select({ id: tasks.id, year: plans.year }).from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.code, code), eq(plans.status, 'active'))).limit(1);
  if (!rows[0]) return undefined;
  return (await activeTasksOfYears(db, [rows[0].year])).find((t) => t.id === rows[0]!.id);
}

/**
 * A task with this code in no active plan: dropped by a newer version of its plan, or in a plan the office
 * withdrew; its title and its plan's, for "no such task".
 */
export async function inactiveTaskByCode(
  db: DbOrTx, code: string,
): Promise<{ title: string; planTitle: string; status: 'superseded' | 'withdrawn' } | undefined> {
  const [row] = await db.select({ title: tasks.title, planTitle: plans.title, status: plans.status }).from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.code, code), ne(plans.status, 'active'))).limit(1);
  return row && { ...row, status: row.status === 'withdrawn' ? 'withdrawn' : 'superseded' };
}

/** What to say of a code no active plan has: dropped from a revised plan, or not a code the bot knows. */
export async function unknownCodeText(db: DbOrTx, code: string): Promise<string> {
  const gone = await inactiveTaskByCode(db, code);
  if (!gone) {
    // A mistyped code (D6S8 for D6S9) is one character off an active one: offered, not assumed.
    const near = (await db.select({ code: tasks.code, title: tasks.title }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId))
      .where(eq(plans.status, 'active')).orderBy(asc(tasks.id)))
      .filter((t) => t.code.length === code.length && [...t.code].filter((c, i) => c !== code[i]).length === 1).slice(0, 3);
    return `没有找到编号为 ${code} 的任务，请核对编号（字母和数字，如 K7Q2）。`
      + (near.length ? `您是不是要找：${near.map((t) => `${t.code} ${t.title}`).join('；')}？` : '');
  }
  return gone.status === 'withdrawn'
    ? `${code}（${gone.title}）已不在现行计划中：工会办公室已撤下${gone.planTitle}。如有疑问，请与工会办公室联系。`
    : `${code}（${gone.title}）已不在现行计划中：${gone.planTitle}修订后删除了这项任务。如有疑问，请与工会办公室联系。`;
}
