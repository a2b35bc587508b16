import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import {
  chats, confirmations, departments, members, plans, reminderAnnouncements, taskDepartments, tasks, type Window,
} from '../schema.js';

/** A task of an active plan, as the reminder decision needs it. */
export interface ReminderTask {
  id: number;
  code: string;
  title: string;
  kind: 'scheduled' | 'goal';
  windows: Window[];
  allYear: boolean;
  planYear: number;
  /** Responsible departments, lead first. */
  departments: { id: number; name: string; role: 'lead' | 'assist' }[];
}

export interface ReminderChat {
  id: number;
  platform: 'wecom' | 'dingtalk' | 'console';
  externalId: string;
  name: string | null;
  departmentId: number | null;
  /** Name of the bound department, if any. */
  department: string | null;
  isOffice: boolean;
  /** Push target (webhook + secret, openConversationId); only its hash ever leaves this process. */
  push: Record<string, string> | null;
}

/** A member with role head: mentioned in the reminders of their department. */
export interface DepartmentHead {
  departmentId: number;
  platform: 'wecom' | 'dingtalk' | 'console';
  externalId: string;
  name: string | null;
  mobile: string | null;
}

export interface ConfirmationState {
  taskId: number;
  windowIndex: number;
  departmentId: number;
  status: 'done' | 'partial' | 'undone';
}

/** The latest earlier fire that announced a task in a chat (a kick-off or a nudge naming its code). */
export interface Announcement {
  chatId: number;
  code: string;
  /** The instant of that fire (a caught-up fire carries the slot it makes up for, not when it ran). */
  firedAt: Date;
}

/** Everything one reminder decision reads. */
export interface ReminderData {
  tasks: ReminderTask[];
  chats: ReminderChat[];
  heads: DepartmentHead[];
  confirmations: ConfirmationState[];
  /**
   * Announcements by fires before this one since the earliest open window began, read only at the kick-off
   * time: a window already under way that none of them announced in a chat gets a late kick-off there.
   */
  announced?: Announcement[];
}

/**
 * Everything a reminder decision reads, in five queries: active plans' tasks with their departments,
 * all chats, department heads and the confirmations of those tasks.
 */
export async function loadReminderData(db: DbOrTx): Promise<ReminderData> {
  const taskRows = await db.select({
    id: tasks.id, code: tasks.code, title: tasks.title, kind: tasks.kind, windows: tasks.windows,
    allYear: tasks.allYear, planYear: plans.year,
  }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId))
    .where(eq(plans.status, 'active')).orderBy(asc(plans.id), asc(tasks.position));
  const ids = taskRows.map((t) => t.id);

  const deptRows = ids.length ? await db.select({
    taskId: taskDepartments.taskId, id: departments.id, name: departments.name, role: taskDepartments.role,
  }).from(taskDepartments).innerJoin(departments, eq(departments.id, taskDepartments.departmentId))
    .where(inArray(taskDepartments.taskId, ids))
    .orderBy(asc(taskDepartments.taskId), asc(taskDepartments.position)) : [];
  const byTask = new Map<number, ReminderTask['departments']>();
  for (const d of deptRows) {
    const list = byTask.get(d.taskId) ?? [];
    list.push({ id: d.id, name: d.name, role: d.role });
    byTask.set(d.taskId, list);
  }

  const chatRows = await db.select({
    id: chats.id, platform: chats.platform, externalId: chats.externalId, name: chats.name,
    departmentId: chats.departmentId, department: departments.name, isOffice: chats.isOffice, push: chats.push,
  }).from(chats).leftJoin(departments, eq(departments.id, chats.departmentId)).where(eq(chats.receivesReminders, true))
    .orderBy(asc(chats.id));

  const heads = await db.select({
    departmentId: sql<number>`${members.departmentId}`, platform: members.platform, externalId: members.externalId,
    name: members.name, mobile: members.mobile,
  }).from(members).where(and(eq(members.role, 'head'), sql`${members.departmentId} is not null`))
    .orderBy(asc(members.id));

  const confirmed = ids.length ? await db.select({
    taskId: confirmations.taskId, windowIndex: confirmations.windowIndex,
    departmentId: confirmations.departmentId, status: confirmations.status,
  }).from(confirmations).innerJoin(tasks, eq(tasks.id, confirmations.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(plans.status, 'active')) : [];

  return {
    tasks: taskRows.map((t) => ({ ...t, windows: t.windows ?? [], departments: byTask.get(t.id) ?? [] })),
    chats: chatRows,
    heads,
    confirmations: confirmed,
  };
}

/**
 * Per chat and task code, the latest fire at or after `since` and before `before` that announced it: only
 * earlier fires count, so the fire at `before`, run again, plans what it planned the first time.
 */
export async function loadAnnouncements(db: DbOrTx, since: Date, before: Date): Promise<Announcement[]> {
  const a = reminderAnnouncements;
  return db.select({ chatId: a.chatId, code: a.code, firedAt: sql<Date>`max(${a.firedAt})`.mapWith(a.firedAt) })
    .from(a).where(and(gte(a.firedAt, since), lt(a.firedAt, before))).groupBy(a.chatId, a.code);
}

/** Records that the fire at `firedAt` announced these tasks in these chats. */
export async function recordAnnouncements(db: DbOrTx, firedAt: Date, pairs: { chatId: number; code: string }[]): Promise<void> {
  const unique = [...new Map(pairs.map((p) => [`${p.chatId}:${p.code}`, p])).values()];
  for (let i = 0; i < unique.length; i += 5_000) {
    await db.insert(reminderAnnouncements).values(unique.slice(i, i + 5_000).map((p) => ({ ...p, firedAt }))).onConflictDoNothing();
  }
}
