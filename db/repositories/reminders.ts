import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import {
  chats, confirmations, departments, members, outbox, plans, taskDepartments, tasks, type Window,
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

/** A kick-off or nudge already enqueued for a chat, naming a task code, by the local day of its fire. */
export interface Announcement {
  chatId: number;
  code: string;
  /** YYYY-MM-DD. */
  day: string;
}

/** Everything one reminder decision reads. */
export interface ReminderData {
  tasks: ReminderTask[];
  chats: ReminderChat[];
  heads: DepartmentHead[];
  confirmations: ConfirmationState[];
  /**
   * Kick-offs and nudges enqueued since the earliest open window began, read only at the kick-off time:
   * a window already under way that none of them announced in a chat gets a late kick-off there.
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
  }).from(chats).leftJoin(departments, eq(departments.id, chats.departmentId)).orderBy(asc(chats.id));

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
 * Kick-off and nudge rows of fires on or after `sinceDay`, one entry per (row, task code it names). The day
 * is the fire's, from the row's dedupe key (`kind|day|…`, src/reminders/enqueue.ts), not when the row was
 * written: a caught-up fire is written later than its day.
 */
export async function loadAnnouncements(db: DbOrTx, sinceDay: string): Promise<Announcement[]> {
  const day = sql<string>`split_part(${outbox.dedupeKey}, '|', 2)`;
  const rows = await db.select({ chatId: outbox.chatId, payload: outbox.payload, day }).from(outbox)
    .where(and(inArray(outbox.kind, ['kickoff', 'nudge']), isNotNull(outbox.chatId), sql`${day} >= ${sinceDay}`));
  return rows.flatMap((r) => {
    const codes = Array.isArray(r.payload.tasks) ? r.payload.tasks.filter((c): c is string => typeof c === 'string') : [];
    return codes.map((code) => ({ chatId: r.chatId!, code, day: r.day }));
  });
}
