import type { DbOrTx } from '../../db/client.js';
import { and, desc, eq, like } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import { audit } from '../../db/repositories/audit.js';
import { findConfirmation, saveConfirmation, type ConfirmationRecord } from '../../db/repositories/confirmations.js';
import type { PlanTask } from '../../db/repositories/tasks.js';
import type { Figure } from './figures.js';

/** One task window for one department, as a confirmation is keyed. */
export interface ConfirmTarget {
  task: PlanTask;
  windowIndex: number;
  departmentId: number;
  department: string;
}

export interface ConfirmChange {
  action: 'done' | 'partial' | 'undo';
  note: string | null;
  figures: Figure[];
  memberId: number;
  /** "platform:userid" of the sender, and the name they go by, for the audit log. */
  actor: string;
  actorName: string | null;
  messageId: string;
  at: Date;
}

export type RecordOutcome = 'recorded' | 'updated' | 'supplemented' | 'unchanged' | 'undone' | 'reverted' | 'nothing-to-undo' | 'already-done';

/**
 * "另有退休职工80人", "补充：…": words added to what was reported before, not in place of it. "补充：" and "追加" only
 * say so (group 1) and are left out; "另有…" keeps its words, they say what it is.
 */
const SUPPLEMENT = /^(?:(补充(?:一下|说明)?|追加)|另有|另外|此外|还有|新增|再)[:：，,\s]*/;

// jsonb keeps its own key order, so figures are compared by what they say, not as JSON text.
const sameFigures = (a: Figure[], b: Figure[]) =>
  a.length === b.length && a.every((f, i) => f.value === b[i]!.value && f.unit === b[i]!.unit);

/**
 * Writes one confirmation and its audit entry in the caller's transaction. The same confirmation again
 * (same status, nothing new said) is `unchanged` and writes nothing; a repeat with a new note or figures
 * updates them. Partial progress on work confirmed done is `already-done` and writes nothing. Undo keeps the row
 * as `undone` (its note and figures cleared); what it said stays in the audit log.
 */
export async function recordConfirmation(
  db: DbOrTx, target: ConfirmTarget, change: ConfirmChange,
): Promise<{ outcome: RecordOutcome; previous?: ConfirmationRecord; note: string | null; figures: Figure[] }> {
  const key = { taskId: target.task.id, windowIndex: target.windowIndex, departmentId: target.departmentId };
  const previous = await findConfirmation(db, key);
  let status: 'done' | 'partial' | 'undone';
  let note = change.note;
  let figures = change.figures;
  let outcome: RecordOutcome;
  const subject = confirmationSubject(target);
  let memberId = change.memberId;
  if (change.action === 'undo') {
    if (!previous || previous.status === 'undone') return { outcome: 'nothing-to-undo', previous, note: null, figures: [] };
    status = 'undone';
    outcome = 'undone';
    // Taking back "done" where partial progress was reported before it goes back to that progress, not to nothing.
    const before = previous.status === 'done' ? await progressBeforeDone(db, subject) : undefined;
    if (before) {
      status = 'partial';
      note = before.note;
      figures = before.figures;
      memberId = before.memberId ?? memberId;
      outcome = 'reverted';
    }
  } else if (change.action === 'partial' && previous?.status === 'done') {
    // "正在推进" after a confirmation of done would quietly reopen the work: it takes an undo first.
    return { outcome: 'already-done', previous, note: null, figures: [] };
  } else {
    status = change.action;
    const same = previous?.status === status;
    if (same) {
      const news = (note !== null && note !== previous!.note) || (figures.length > 0 && !sameFigures(figures, previous!.figures));
      if (!news) return { outcome: 'unchanged', previous, note: previous!.note, figures: previous!.figures };
    }
    outcome = same ? 'updated' : 'recorded';
    // "完成 K7Q2" after "部分完成 K7Q2 报名80人" keeps what was reported before unless the reply says more. Words that
    // add to it ("另有退休职工80人") are added, with their figures; other words replace it (the answer shows what they
    // replaced, and the audit log keeps it).
    if (previous && previous.status !== 'undone') {
      const added = same && note !== null && previous.note ? SUPPLEMENT.exec(note) : null;
      if (added && note !== null) {
        note = `${previous.note}；${(added[1] ? note.slice(added[0].length) : '') || note}`;
        figures = [...previous.figures, ...figures];
        outcome = 'supplemented';
      }
      note ??= previous.note;
      if (!figures.length) figures = previous.figures;
    }
  }
  await saveConfirmation(db, {
    ...key, memberId, status, note, figures, sourceMessageId: change.messageId, at: change.at,
  });
  await audit(db, {
    actor: change.actor,
    action: `confirmation.${change.action}`,
    subject,
    at: change.at,
    details: {
      taskId: target.task.id, code: target.task.code, windowIndex: target.windowIndex,
      departmentId: target.departmentId, department: target.department, status, previous: previous?.status ?? null,
      note, figures, memberId: change.memberId, memberName: change.actorName, messageId: change.messageId,
    },
  });
  return { outcome, previous, note, figures };
}

/** How the audit log names one confirmation: "V4W5#0@机关工会". */
export const confirmationSubject = (t: ConfirmTarget) => `${t.task.code}#${t.windowIndex}@${t.department}`;

/**
 * The partial progress reported just before the work was confirmed done (this window, this department), from the
 * audit log: the latest entries are the done ones; the one before them, if a partial report, is what stood before.
 */
async function progressBeforeDone(
  db: DbOrTx, subject: string,
): Promise<{ note: string | null; figures: Figure[]; memberId: number | null } | undefined> {
  const rows = await db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog)
    .where(and(eq(auditLog.subject, subject), like(auditLog.action, 'confirmation.%')))
    .orderBy(desc(auditLog.id)).limit(20);
  type Details = { status?: string; note?: string | null; figures?: Figure[]; memberId?: number | null } | null | undefined;
  // A correction of the done record is part of it; a correction of the progress is that progress, as corrected.
  const done = (r: (typeof rows)[number]) => r.action === 'confirmation.done'
    || (r.action === 'confirmation.correct' && (r.details as Details)?.status === 'done');
  const i = rows.findIndex((r) => !done(r));
  const row = i > 0 ? rows[i] : undefined;
  const d = row?.details as Details;
  // Partial progress, or an earlier take-back that went back to it, or a correction of it.
  const progress = row?.action === 'confirmation.partial'
    || ((row?.action === 'confirmation.undo' || row?.action === 'confirmation.correct') && d?.status === 'partial');
  if (!progress) return undefined;
  return { note: d?.note ?? null, figures: d?.figures ?? [], memberId: d?.memberId ?? null };
}
