import { and, arrayOverlaps, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.js';
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

/** A confirmation dropped by a merge: the other department's record of the same task window was kept. */
export interface DroppedConfirmation { taskId: number; windowIndex: number; status: string; note: string | null }

/**
 * Folds a department into another (a plan wrote 人事处 before the directory said it is 组织人事处's alias):
 * its tasks, confirmations, chats, members and sub-departments move over, its aliases and parent join the
 * target's, then it is deleted. A task both were linked to keeps one link, led if either led it. Where both
 * recorded the same task window, the better record stays (done, then partial, then undone; then the later one);
 * the other is returned, for the audit log.
 */
export async function mergeDepartment(database: Database, db: DbOrTx, fromId: number, intoId: number): Promise<DroppedConfirmation[]> {
  await db.execute(sql`update task_departments t
    set role = case when f.role = 'lead' or t.role = 'lead' then 'lead' else 'assist' end, position = least(t.position, f.position)
    from task_departments f where f.department_id = ${fromId} and t.department_id = ${intoId} and t.task_id = f.task_id`);
  await db.execute(sql`delete from task_departments f using task_departments t
    where f.department_id = ${fromId} and t.department_id = ${intoId} and t.task_id = f.task_id`);
  await db.update(taskDepartments).set({ departmentId: intoId }).where(eq(taskDepartments.departmentId, fromId));

  const rank = (c: string) => sql.raw(`(case ${c}.status when 'done' then 3 when 'partial' then 2 else 1 end)`);
  const dropped = await database.rows<{ task_id: number; window_index: number; status: string; note: string | null }>(
    sql`delete from confirmations c using confirmations o
    where c.department_id in (${fromId}, ${intoId}) and o.department_id in (${fromId}, ${intoId}) and c.id <> o.id
      and c.task_id = o.task_id and c.window_index = o.window_index
      and (${rank('c')} < ${rank('o')} or (${rank('c')} = ${rank('o')} and (c.updated_at, c.id) < (o.updated_at, o.id)))
    returning c.task_id, c.window_index, c.status, c.note`, db);
  await db.update(confirmations).set({ departmentId: intoId }).where(eq(confirmations.departmentId, fromId));
  await db.update(chats).set({ departmentId: intoId }).where(eq(chats.departmentId, fromId));
  await db.update(members).set({ departmentId: intoId }).where(eq(members.departmentId, fromId));

  // Sub-departments move over (never the target under itself); the target takes the parent it lacked.
  await db.execute(sql`update departments set parent_id = ${intoId} where parent_id = ${fromId} and id <> ${intoId}`);
  await db.execute(sql`update departments t set
      parent_id = case when t.parent_id is null or t.parent_id = ${fromId} then nullif(f.parent_id, ${intoId}) else t.parent_id end,
      aliases = array(select distinct a from unnest(t.aliases || f.aliases) a where a <> t.name)
    from departments f where t.id = ${intoId} and f.id = ${fromId}`);
  await db.delete(departments).where(eq(departments.id, fromId));
  return dropped.map((r) => ({ taskId: r.task_id, windowIndex: r.window_index, status: r.status, note: r.note }));
}

/**
 * The office's department: that of the first office chat bound to one (局工会 for 局工会办公室群). Work a plan
 * gives no department is the office's.
 */
export async function officeDepartment(db: DbOrTx): Promise<{ id: number; name: string } | undefined> {
  const [row] = await db.select({ id: departments.id, name: departments.name }).from(chats)
    .innerJoin(departments, eq(departments.id, chats.departmentId))
    // Not a copy `planbot ask --chat` made of an office group (it keeps the binding it was made with).
    .where(and(eq(chats.isOffice, true), eq(chats.receivesReminders, true))).orderBy(chats.id).limit(1);
  return row;
}

export async function listDepartments(db: DbOrTx): Promise<Department[]> {
  return db.select().from(departments).orderBy(departments.id);
}
