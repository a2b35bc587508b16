import { and, arrayOverlaps, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { chats, confirmations, departments, members, taskDepartments } from '../schema.js';

export type Department = typeof departments.$inferSelect;

/** Creates the named departments that do not exist yet; returns name → id for all of them. */
export async function ensureDepartments(db: DbOrTx, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (!unique.length) return new Map();
  await db.insert(departments).values(unique.map((name) => ({ name }))).onConflictDoNothing();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments)
    .where(inArray(departments.name, unique));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function upsertDepartment(
  db: DbOrTx, d: { name: string; aliases?: string[]; parentId?: number | null },
): Promise<number> {
  const aliases = [...new Set((d.aliases ?? []).map((a) => a.trim()).filter(Boolean))];
  const [row] = await db.insert(departments)
    .values({ name: d.name.trim(), aliases, parentId: d.parentId ?? null })
    .onConflictDoUpdate({
      target: departments.name,
      set: { aliases: sql`excluded.aliases`, parentId: sql`coalesce(excluded.parent_id, ${departments.parentId})` },
    })
    .returning({ id: departments.id });
  return row!.id;
}

/**
 * name → id for department names as a plan writes them: a department of that name, else the one department
 * that has it as an alias (人事处 → 组织人事处, as the directory says); only names found nowhere are created.
 * Without this a plan that writes 人事处 would make a second department, with no group and no head, and its
 * tasks would never reach 组织人事处's group.
 */
export async function resolveDepartments(db: DbOrTx, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (!unique.length) return new Map();
  const known = await db.select({ id: departments.id, name: departments.name, aliases: departments.aliases }).from(departments)
    .where(or(inArray(departments.name, unique), arrayOverlaps(departments.aliases, unique)));
  const out = new Map<string, number>();
  const missing: string[] = [];
  for (const name of unique) {
    const byName = known.find((d) => d.name === name);
    const byAlias = known.filter((d) => d.aliases.includes(name));
    const found = byName ?? (byAlias.length === 1 ? byAlias[0] : undefined);
    if (found) out.set(name, found.id);
    else missing.push(name);
  }
  for (const [name, id] of await ensureDepartments(db, missing)) out.set(name, id);
  return out;
}

/**
 * Folds a department into another (a plan wrote 人事处 before the directory said it is 组织人事处's alias):
 * its tasks, confirmations, chats, members and sub-departments move over, then it is deleted. Where both
 * already had the same task (or the same task window confirmed), the target's row is kept.
 */
export async function mergeDepartment(db: DbOrTx, fromId: number, intoId: number): Promise<void> {
  await db.execute(sql`delete from task_departments f using task_departments t
    where f.department_id = ${fromId} and t.department_id = ${intoId} and t.task_id = f.task_id`);
  await db.update(taskDepartments).set({ departmentId: intoId }).where(eq(taskDepartments.departmentId, fromId));
  await db.execute(sql`delete from confirmations f using confirmations t
    where f.department_id = ${fromId} and t.department_id = ${intoId} and t.task_id = f.task_id and t.window_index = f.window_index`);
  await db.update(confirmations).set({ departmentId: intoId }).where(eq(confirmations.departmentId, fromId));
  await db.update(chats).set({ departmentId: intoId }).where(eq(chats.departmentId, fromId));
  await db.update(members).set({ departmentId: intoId }).where(eq(members.departmentId, fromId));
  await db.update(departments).set({ parentId: intoId }).where(and(eq(departments.parentId, fromId)));
  await db.delete(departments).where(eq(departments.id, fromId));
}

export async function listDepartments(db: DbOrTx): Promise<Department[]> {
  return db.select().from(departments).orderBy(departments.id);
}
