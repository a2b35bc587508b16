import { and, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { chats, departments, members } from '../schema.js';
import type { Platform } from './directory.js';

/** A chat as commands see it: its bound department (if any) and whether it is the union office's group. */
export interface ChatInfo {
  id: number;
  platform: Platform;
  externalId: string;
  name: string | null;
  departmentId: number | null;
  department: string | null;
  isOffice: boolean;
}

export interface MemberInfo {
  id: number;
  externalId: string;
  name: string | null;
  departmentId: number | null;
  role: 'admin' | 'head' | 'staff';
}

async function selectChat(db: DbOrTx, platform: Platform, externalId: string): Promise<ChatInfo | undefined> {
  const [row] = await db.select({
    id: chats.id, platform: chats.platform, externalId: chats.externalId, name: chats.name,
    departmentId: chats.departmentId, department: departments.name, isOffice: chats.isOffice,
  }).from(chats).leftJoin(departments, eq(departments.id, chats.departmentId))
    .where(and(eq(chats.platform, platform), eq(chats.externalId, externalId))).limit(1);
  return row;
}

/**
 * The chat a message came from, created on first sight (unbound: no department, not the office).
 * Existing rows are only read, never rewritten, so a directory binding is never undone by chat traffic.
 */
export async function ensureChat(
  db: DbOrTx, c: {
    platform: Platform; externalId: string; name?: string | null; departmentId?: number | null; isOffice?: boolean;
    receivesReminders?: boolean;
  },
): Promise<ChatInfo> {
  const found = await selectChat(db, c.platform, c.externalId);
  if (found) return found;
  await db.insert(chats).values({
    platform: c.platform, externalId: c.externalId, name: c.name ?? null,
    departmentId: c.departmentId ?? null, isOffice: c.isOffice ?? false, receivesReminders: c.receivesReminders ?? true,
  }).onConflictDoNothing();
  return (await selectChat(db, c.platform, c.externalId))!;
}

async function selectMember(db: DbOrTx, platform: Platform, externalId: string): Promise<MemberInfo | undefined> {
  const [row] = await db.select({
    id: members.id, externalId: members.externalId, name: members.name,
    departmentId: members.departmentId, role: members.role,
  }).from(members).where(and(eq(members.platform, platform), eq(members.externalId, externalId))).limit(1);
  return row;
}

/** The sender, created on first sight as staff; a missing name is filled in later, nothing else changes. */
export async function ensureMember(
  db: DbOrTx, m: { platform: Platform; externalId: string; name?: string | null },
): Promise<MemberInfo> {
  const found = await selectMember(db, m.platform, m.externalId);
  if (found && (found.name || !m.name)) return found;
  if (found) {
    await db.update(members).set({ name: m.name }).where(eq(members.id, found.id));
    return { ...found, name: m.name ?? null };
  }
  await db.insert(members).values({ platform: m.platform, externalId: m.externalId, name: m.name ?? null })
    .onConflictDoNothing();
  return (await selectMember(db, m.platform, m.externalId))!;
}

/**
 * For `planbot ask --chat NAME`: a console chat whose external id or name is NAME; else any chat named NAME
 * (its department and office flag are copied to a console twin); else a department called NAME.
 */
export async function findChatTemplate(db: DbOrTx, key: string): Promise<
  { kind: 'console'; externalId: string } | { kind: 'template'; departmentId: number | null; isOffice: boolean } | undefined
> {
  const [own] = await db.select({ externalId: chats.externalId }).from(chats)
    .where(and(eq(chats.platform, 'console'), or(eq(chats.externalId, key), eq(chats.name, key))))
    .orderBy(sql`${chats.externalId} = ${key} desc`, chats.id).limit(1);
  if (own) return { kind: 'console', externalId: own.externalId };
  const [other] = await db.select({ departmentId: chats.departmentId, isOffice: chats.isOffice }).from(chats)
    .where(eq(chats.name, key)).orderBy(chats.id).limit(1);
  if (other) return { kind: 'template', ...other };
  const [dept] = await db.select({ id: departments.id }).from(departments)
    .where(or(eq(departments.name, key), sql`${key} = any(${departments.aliases})`)).limit(1);
  if (dept) return { kind: 'template', departmentId: dept.id, isOffice: false };
  return undefined;
}

/** For `planbot ask --user NAME`: the console member whose external id or name is NAME. */
export async function findConsoleMember(db: DbOrTx, key: string): Promise<string | undefined> {
  const [row] = await db.select({ externalId: members.externalId }).from(members)
    .where(and(eq(members.platform, 'console'), or(eq(members.externalId, key), eq(members.name, key))))
    .orderBy(sql`${members.externalId} = ${key} desc`, members.id).limit(1);
  return row?.externalId;
}
