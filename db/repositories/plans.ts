import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { auditLog, confirmations, plans, taskDepartments, tasks, departments, type Window } from '../schema.js';
import { resolveDepartments } from './departments.js';

export type PlanRow = typeof plans.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;

export interface NewTask {
  code: string;
  ref: string;
  title: string;
  detail: string;
  section: string | null;
  kind: 'scheduled' | 'goal';
  windows: Window[];
  allYear: boolean;
  datesNote: string | null;
  departments: string[];
}

export interface NewPlan {
  title: string;
  issuer: string | null;
  docNo: string | null;
  year: number;
  sourceName: string;
  sourceSha256: string;
}

export async function findActivePlanBySha(db: DbOrTx, sha: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans)
    .where(and(eq(plans.sourceSha256, sha), eq(plans.status, 'active'))).limit(1);
  return row;
}

/**
 * The plan an edited document replaces: same year, and same 文号, title or file name; the active one, else one
 * the office withdrew, when it is the same document (same 文号, or the very file): importing it again brings it
 * back with its codes and confirmations, while another plan of the same title does not inherit a withdrawn one's.
 */
export async function findPredecessor(db: DbOrTx, p: NewPlan): Promise<PlanRow | undefined> {
  const sameDoc = p.docNo ? eq(plans.docNo, p.docNo) : sql`false`;
  const [row] = await db.select().from(plans)
    .where(and(eq(plans.year, p.year), or(
      // A file name alone (附件1.docx) is no sign of the same plan when both documents have a 文号 and they differ.
      and(eq(plans.status, 'active'), or(sameDoc, eq(plans.title, p.title), and(eq(plans.sourceName, p.sourceName),
        p.docNo ? or(isNull(plans.docNo), eq(plans.docNo, p.docNo)) : sql`true`))),
      and(eq(plans.status, 'withdrawn'), or(sameDoc, eq(plans.sourceSha256, p.sourceSha256))),
    )))
    .orderBy(sql`${plans.status} = 'active' desc`, desc(plans.id)).limit(1);
  return row;
}

export async function allTaskCodes(db: DbOrTx): Promise<Set<string>> {
  const rows = await db.select({ code: tasks.code }).from(tasks);
  return new Set(rows.map((r) => r.code));
}

export async function tasksOfPlan(db: DbOrTx, planId: number): Promise<TaskRow[]> {
  return db.select().from(tasks).where(eq(tasks.planId, planId)).orderBy(asc(tasks.position));
}

/**
 * The tasks the earlier versions of a plan still hold: those each later version dropped (a task carried over
 * moved on to the version that kept it). Latest version first.
 */
export async function droppedTasksOfEarlierVersions(db: DbOrTx, planId: number): Promise<TaskRow[]> {
  const out: TaskRow[] = [];
  let frontier = [planId];
  for (let depth = 0; frontier.length && depth < 100; depth++) {
    const earlier = await db.select({ id: plans.id }).from(plans).where(inArray(plans.supersededBy, frontier)).orderBy(desc(plans.id));
    frontier = earlier.map((p) => p.id);
    if (frontier.length) {
      out.push(...await db.select().from(tasks).where(inArray(tasks.planId, frontier)).orderBy(desc(tasks.planId), asc(tasks.position)));
    }
  }
  return out;
}

/**
 * Confirmations of months a revised plan took out are set aside at SET_ASIDE + the window's first month (year × 12
 * + month): kept, out of every view, and brought back if a later version has that window again.
 */
const SET_ASIDE = 100_000;

/**
 * Moves a task's confirmations to the windows of its revised months: `map[i]` is the new index of old window i,
 * undefined when the window is gone. `oldStarts[i]` / `newStarts[j]`: each window's first month (year × 12 + month).
 * A window gone sets its confirmations aside (replacing an older set-aside record of that month and department);
 * a window that comes back takes its set-aside confirmations again, where the department has none there.
 */
export async function moveConfirmationWindows(
  db: DbOrTx, taskId: number, map: (number | undefined)[], oldStarts: number[], newStarts: number[],
): Promise<void> {
  const live = sql`${confirmations.windowIndex} >= 0 and ${confirmations.windowIndex} < ${SET_ASIDE}`;
  if (!map.every((j, i) => j === i)) {
    // Through negative indexes first: (task, window, department) is unique at every step.
    await db.update(confirmations).set({ windowIndex: sql`-1 - ${confirmations.windowIndex}` })
      .where(and(eq(confirmations.taskId, taskId), live));
    for (const [i, j] of map.entries()) {
      const from = and(eq(confirmations.taskId, taskId), eq(confirmations.windowIndex, -1 - i));
      if (j === undefined) {
        const aside = SET_ASIDE + oldStarts[i]!;
        await db.delete(confirmations).where(and(eq(confirmations.taskId, taskId), eq(confirmations.windowIndex, aside),
          sql`${confirmations.departmentId} in (select department_id from confirmations where task_id = ${taskId} and window_index = ${-1 - i})`));
        await db.update(confirmations).set({ windowIndex: aside }).where(from);
      } else {
        await db.update(confirmations).set({ windowIndex: j }).where(from);
      }
    }
    // Windows beyond the old list (none normally) go back as they were.
    await db.update(confirmations).set({ windowIndex: sql`-1 - ${confirmations.windowIndex}` })
      .where(and(eq(confirmations.taskId, taskId), sql`${confirmations.windowIndex} < 0`));
  }
  for (const [j, start] of newStarts.entries()) {
    await db.update(confirmations).set({ windowIndex: j }).where(and(eq(confirmations.taskId, taskId),
      eq(confirmations.windowIndex, SET_ASIDE + start),
      sql`${confirmations.departmentId} not in (select department_id from confirmations where task_id = ${taskId} and window_index = ${j})`));
  }
}

export async function insertPlan(db: DbOrTx, p: NewPlan): Promise<PlanRow> {
  const [row] = await db.insert(plans).values(p).returning();
  return row!;
}

/** Takes an active plan out of answers, reminders and progress; its tasks and confirmations stay. */
export async function withdrawPlan(db: DbOrTx, id: number): Promise<PlanRow | undefined> {
  const [row] = await db.update(plans).set({ status: 'withdrawn' })
    .where(and(eq(plans.id, id), eq(plans.status, 'active'))).returning();
  return row;
}

/** Active plans that `npm start` loaded from examples/ (the audit log says who imported them). */
export async function activeExamplePlans(db: DbOrTx): Promise<PlanRow[]> {
  return db.select().from(plans).where(and(eq(plans.status, 'active'), sql`exists (select 1 from ${auditLog}
    where ${auditLog.actor} = 'examples' and ${auditLog.subject} = 'plan:' || ${plans.id})`)).orderBy(asc(plans.id));
}

/** Every plan of a year, whatever its status, oldest first. */
export async function plansOfYear(db: DbOrTx, year: number): Promise<PlanRow[]> {
  return db.select().from(plans).where(eq(plans.year, year)).orderBy(asc(plans.id));
}

export async function findPlan(db: DbOrTx, id: number): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id)).limit(1);
  return row;
}

export async function markSuperseded(db: DbOrTx, oldId: number, newId: number): Promise<void> {
  await db.update(plans).set({ status: 'superseded', supersededBy: newId }).where(eq(plans.id, oldId));
}

/**
 * Writes a task into `planId`. With `reuseId` the existing row moves to the new plan, keeping its id,
 * code and therefore its confirmations; its fields and departments are replaced.
 */
export async function saveTask(
  db: DbOrTx, planId: number, position: number, t: NewTask, reuseId?: number,
): Promise<number> {
  const values = {
    planId, position, code: t.code, ref: t.ref, title: t.title, detail: t.detail, section: t.section,
    kind: t.kind, windows: t.windows, allYear: t.allYear, datesNote: t.datesNote,
  };
  let id: number;
  if (reuseId !== undefined) {
    await db.update(tasks).set(values).where(eq(tasks.id, reuseId));
    await db.delete(taskDepartments).where(eq(taskDepartments.taskId, reuseId));
    id = reuseId;
  } else {
    const [row] = await db.insert(tasks).values(values).returning({ id: tasks.id });
    id = row!.id;
  }
  // Names as written, each to its department (an alias to the department it names); one row per department.
  const ids = await resolveDepartments(db, t.departments);
  const departmentIds = [...new Set(t.departments.map((d) => ids.get(d.trim())).filter((x): x is number => x !== undefined))];
  if (departmentIds.length) {
    await db.insert(taskDepartments).values(departmentIds.map((departmentId, i) => ({
      taskId: id, departmentId, role: i === 0 ? 'lead' as const : 'assist' as const, position: i,
    })));
  }
  return id;
}

export interface PlanSummary extends PlanRow { taskCount: number }

export async function listPlans(db: DbOrTx): Promise<PlanSummary[]> {
  const rows = await db.select({ plan: plans, taskCount: sql<number>`count(${tasks.id})::int` })
    .from(plans).leftJoin(tasks, eq(tasks.planId, plans.id))
    .groupBy(plans.id).orderBy(desc(plans.year), desc(plans.id));
  return rows.map((r) => ({ ...r.plan, taskCount: Number(r.taskCount) }));
}

/** Department names of each task, lead first. */
export async function departmentsOfTasks(db: DbOrTx, taskIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!taskIds.length) return out;
  const rows = await db.select({ taskId: taskDepartments.taskId, name: departments.name })
    .from(taskDepartments).innerJoin(departments, eq(departments.id, taskDepartments.departmentId))
    .where(inArray(taskDepartments.taskId, taskIds))
    .orderBy(asc(taskDepartments.taskId), asc(taskDepartments.position));
  for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), r.name]);
  return out;
}
