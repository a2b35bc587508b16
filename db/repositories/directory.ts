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
      // Listed in the directory: a group of its own, whatever `ask --chat` made of it before.
      receivesReminders: true,
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

/**
 * Members of a platform known by this name or id (the text of an "@张三" mention), those who have written
 * in the given chat first: a name can repeat across a company, the people of this group are the likely ones.
 */
export async function findMembersByName(
  db: DbOrTx, platform: Platform, name: string, chatExternalId: string,
): Promise<(MemberRow & { inChat: boolean })[]> {
  const rows = await db.select({
    member: members,
    inChat: sql<boolean>`exists (select 1 from inbound_messages im where im.platform = ${platform}
      and im.chat_external_id = ${chatExternalId} and im.sender_external_id = ${members.externalId})`,
  }).from(members)
    .where(sql`${members.platform} = ${platform} and (${members.name} = ${name} or ${members.externalId} = ${name})`)
    .orderBy(members.id);
  return rows.map((r) => ({ ...r.member, inChat: Boolean(r.inChat) }))
    .sort((a, b) => Number(b.inChat) - Number(a.inChat));
}

/** Heads and admins with their department, for 部门列表. */
export async function listLeaders(db: DbOrTx): Promise<{ name: string | null; externalId: string; role: MemberRow['role']; departmentId: number | null }[]> {
  return db.select({ name: members.name, externalId: members.externalId, role: members.role, departmentId: members.departmentId })
    .from(members).where(sql`${members.role} in ('head', 'admin')`).orderBy(members.id);
}

export async function setMemberRole(db: DbOrTx, memberId: number, role: MemberRow['role']): Promise<void> {
  await db.update(members).set({ role }).where(eq(members.id, memberId));
}
