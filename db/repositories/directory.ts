import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { chats, departments, members } from '../schema.js';

export type ChatRow = typeof chats.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type Platform = ChatRow['platform'];

export async function upsertChat(db: DbOrTx, c: {
  platform: Platform; externalId: string; name?: string | null; departmentId?: number | null;
  isOffice?: boolean; push?: Record<string, string> | null;
}): Promise<ChatRow> {
  const [row] = await db.insert(chats).values({
    platform: c.platform, externalId: c.externalId, name: c.name ?? null, departmentId: c.departmentId ?? null,
    isOffice: c.isOffice ?? false, push: c.push ?? null,
  }).onConflictDoUpdate({
    target: [chats.platform, chats.externalId],
    set: {
      name: sql`coalesce(excluded.name, ${chats.name})`,
      departmentId: sql`coalesce(excluded.department_id, ${chats.departmentId})`,
      isOffice: sql`excluded.is_office`,
      push: sql`coalesce(excluded.push, ${chats.push})`,
    },
  }).returning();
  return row!;
}

export async function upsertMember(db: DbOrTx, m: {
  platform: Platform; externalId: string; name?: string | null; mobile?: string | null;
  departmentId?: number | null; role?: MemberRow['role'];
}): Promise<MemberRow> {
  const [row] = await db.insert(members).values({
    platform: m.platform, externalId: m.externalId, name: m.name ?? null, mobile: m.mobile ?? null,
    departmentId: m.departmentId ?? null, role: m.role ?? 'staff',
  }).onConflictDoUpdate({
    target: [members.platform, members.externalId],
    set: {
      name: sql`coalesce(excluded.name, ${members.name})`,
      mobile: sql`coalesce(excluded.mobile, ${members.mobile})`,
      departmentId: sql`coalesce(excluded.department_id, ${members.departmentId})`,
      role: m.role ? sql`excluded.role` : sql`${members.role}`,
    },
  }).returning();
  return row!;
}

export async function listChats(db: DbOrTx): Promise<(ChatRow & { department: string | null })[]> {
  const rows = await db.select({ chat: chats, department: departments.name }).from(chats)
    .leftJoin(departments, eq(departments.id, chats.departmentId)).orderBy(chats.id);
  return rows.map((r) => ({ ...r.chat, department: r.department }));
}
