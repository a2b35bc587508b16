import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { departments } from '../schema.js';

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

export async function listDepartments(db: DbOrTx): Promise<Department[]> {
  return db.select().from(departments).orderBy(departments.id);
}
