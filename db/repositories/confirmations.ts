import { and, asc, eq, gte, inArray, like, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { auditLog, confirmations, departments, members } from '../schema.js';

export type ConfirmationStatus = 'done' | 'partial' | 'undone';
export type StoredFigure = { value: number; unit: string; text: string };

/** One (task, window, department) confirmation with who last changed it. */
export interface ConfirmationRecord {
  taskId: number;
  windowIndex: number;
  departmentId: number;
  status: ConfirmationStatus;
  note: string | null;
  figures: StoredFigure[];
  memberId: number | null;
  memberName: string | null;
  sourceMessageId: string | null;
  updatedAt: Date;
}

const columns = {
  taskId: confirmations.taskId, windowIndex: confirmations.windowIndex, departmentId: confirmations.departmentId,
  status: confirmations.status, note: confirmations.note, figures: confirmations.figures,
  memberId: confirmations.memberId, memberName: members.name, sourceMessageId: confirmations.sourceMessageId,
  updatedAt: confirmations.updatedAt,
};

export async function findConfirmation(
  db: DbOrTx, key: { taskId: number; windowIndex: number; departmentId: number },
): Promise<ConfirmationRecord | undefined> {
  const [row] = await db.select(columns).from(confirmations).leftJoin(members, eq(members.id, confirmations.memberId))
    .where(and(eq(confirmations.taskId, key.taskId), eq(confirmations.windowIndex, key.windowIndex),
      eq(confirmations.departmentId, key.departmentId))).limit(1);
  return row && { ...row, figures: row.figures ?? [] };
}

/** Every confirmation of these tasks (all windows and departments). */
export async function confirmationsOfTasks(db: DbOrTx, taskIds: number[]): Promise<ConfirmationRecord[]> {
  if (!taskIds.length) return [];
  const rows = await db.select(columns).from(confirmations).leftJoin(members, eq(members.id, confirmations.memberId))
    .where(inArray(confirmations.taskId, taskIds))
    .orderBy(asc(confirmations.taskId), asc(confirmations.windowIndex), asc(confirmations.departmentId));
  return rows.map((r) => ({ ...r, figures: r.figures ?? [] }));
}

/** What recordConfirmation writes into the audit log with each change: the state it left. */
interface ConfirmationAudit {
  taskId: number; windowIndex: number; departmentId: number; status: ConfirmationStatus;
  note?: string | null; figures?: StoredFigure[]; memberId?: number | null; memberName?: string | null; messageId?: string | null;
}

/**
 * The confirmations of these tasks as they stood just before `before` (the end of a day a report is "as of"). A row
 * last changed before then is as it is; a row changed since is as the audit log's latest entry for its (task,
 * window, department) before then left it (an undo and a confirmation again afterwards change nothing), or absent
 * when it had none. Limits: a plan revision or a department merge made after `before` that moved a row changed later
 * still is matched under the row's present window and department, which the older entries do not carry.
 */
export async function confirmationsOfTasksAsOf(db: DbOrTx, taskIds: number[], before: Date): Promise<ConfirmationRecord[]> {
  const now = await confirmationsOfTasks(db, taskIds);
  const later = now.filter((c) => c.updatedAt >= before);
  if (!later.length) return now;
  const entries = await db.select({ details: auditLog.details, at: auditLog.at }).from(auditLog)
    .where(and(like(auditLog.action, 'confirmation.%'), lt(auditLog.at, before),
      inArray(sql<number>`(${auditLog.details}->>'taskId')::int`, [...new Set(later.map((c) => c.taskId))])))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  const key = (c: { taskId: number; windowIndex: number; departmentId: number }) => `${c.taskId}:${c.windowIndex}:${c.departmentId}`;
  // The latest entry of each key wins (ordered by time).
  const then = new Map<string, { d: ConfirmationAudit; at: Date }>();
  for (const e of entries) {
    const d = e.details as ConfirmationAudit | null;
    if (d && typeof d.taskId === 'number') then.set(key(d), { d, at: e.at });
  }
  const out: ConfirmationRecord[] = [];
  for (const c of now) {
    if (c.updatedAt < before) { out.push(c); continue; }
    const was = then.get(key(c));
    if (!was) continue;
    out.push({
      ...c, status: was.d.status, note: was.d.note ?? null, figures: was.d.figures ?? [], memberId: was.d.memberId ?? null,
      memberName: was.d.memberName ?? null, sourceMessageId: was.d.messageId ?? null, updatedAt: was.at,
    });
  }
  return out;
}

/**
 * Writes the state of one (task, window, department): a single row per key (the unique index), so the same
 * confirmation twice, or two racing ones, end as one row holding the latest.
 */
export async function saveConfirmation(db: DbOrTx, c: {
  taskId: number; windowIndex: number; departmentId: number; memberId: number | null; status: ConfirmationStatus;
  note: string | null; figures: StoredFigure[]; sourceMessageId: string | null; at: Date;
}): Promise<void> {
  await db.insert(confirmations).values({ ...c, updatedAt: c.at }).onConflictDoUpdate({
    target: [confirmations.taskId, confirmations.windowIndex, confirmations.departmentId],
    set: {
      memberId: sql`excluded.member_id`, status: sql`excluded.status`, note: sql`excluded.note`,
      figures: sql`excluded.figures`, sourceMessageId: sql`excluded.source_message_id`, updatedAt: sql`excluded.updated_at`,
    },
  });
}

/**
 * Replaces what a confirmation says (a correction in chat): its note and figures. Who confirmed it, when, and its
 * status stay as they were.
 */
export async function correctConfirmation(
  db: DbOrTx, key: { taskId: number; windowIndex: number; departmentId: number }, c: { note: string | null; figures: StoredFigure[] },
): Promise<void> {
  await db.update(confirmations).set({ note: c.note, figures: c.figures })
    .where(and(eq(confirmations.taskId, key.taskId), eq(confirmations.windowIndex, key.windowIndex),
      eq(confirmations.departmentId, key.departmentId)));
}

/** A registered head (or admin) of a department. */
export interface DepartmentLeader {
  id: number;
  platform: 'wecom' | 'dingtalk' | 'console';
  externalId: string;
  name: string | null;
  departmentId: number;
  department: string;
  role: 'admin' | 'head' | 'staff';
}

/** Members with role head, on any platform, of the given departments (all departments when omitted). */
export async function departmentHeads(db: DbOrTx, departmentIds?: number[]): Promise<DepartmentLeader[]> {
  if (departmentIds && !departmentIds.length) return [];
  const rows = await db.select({
    id: members.id, platform: members.platform, externalId: members.externalId, name: members.name,
    departmentId: sql<number>`${members.departmentId}`, department: departments.name, role: members.role,
  }).from(members).innerJoin(departments, eq(departments.id, members.departmentId))
    .where(and(eq(members.role, 'head'), departmentIds ? inArray(members.departmentId, departmentIds) : undefined))
    .orderBy(asc(members.id));
  return rows;
}

/**
 * The confirmations one member's latest confirming message wrote (still standing): what "撤回刚才的确认" takes back.
 * Only a message written since `since`.
 */
export async function latestConfirmationsBy(
  db: DbOrTx, memberId: number, since: Date,
): Promise<{ taskId: number; windowIndex: number; departmentId: number; status: 'done' | 'partial' | 'undone' }[]> {
  // The sender's latest message that wrote a confirmation, an undo included (an undo takes the row over): when that
  // was an undo, its rows are all `undone` and there is nothing left to take back, not an older message.
  return db.select({ taskId: confirmations.taskId, windowIndex: confirmations.windowIndex, departmentId: confirmations.departmentId,
    status: confirmations.status })
    .from(confirmations)
    // Windows in view only: confirmations a revised plan set aside (far indexes) are not the sender's to take back.
    // A Date goes into raw SQL as text: postgres.js (unlike PGlite) will not serialise it there.
    .where(and(eq(confirmations.memberId, memberId), gte(confirmations.updatedAt, since),
      sql`${confirmations.windowIndex} between 0 and 999`,
      sql`${confirmations.sourceMessageId} = (select c2.source_message_id from confirmations c2 where c2.member_id = ${memberId}
        and c2.updated_at >= ${since.toISOString()}::timestamptz and c2.window_index between 0 and 999
        order by c2.updated_at desc, c2.id desc limit 1)`))
    .orderBy(asc(confirmations.id));
}
