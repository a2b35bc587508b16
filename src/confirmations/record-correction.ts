import type { DbOrTx } from '../../db/client.js';
import { audit } from '../../db/repositories/audit.js';
import { correctConfirmation, type ConfirmationRecord } from '../../db/repositories/confirmations.js';
import { confirmationSubject, type ConfirmChange, type ConfirmTarget } from './record.js';

/** Who corrects what, from which message (as ConfirmChange says it for a confirmation). */
export type CorrectionChange = Omit<ConfirmChange, 'action'>;

/**
 * Writes a correction of a standing confirmation and its audit entry in the caller's transaction: the note and
 * figures are replaced; its status, who confirmed it and when stay. The audit entry keeps what they replaced, and
 * says the status, so that an undo of done work finds the progress before it (record.ts) as corrected.
 */
export async function recordCorrection(
  db: DbOrTx, target: ConfirmTarget, previous: ConfirmationRecord, change: CorrectionChange,
): Promise<void> {
  const key = { taskId: target.task.id, windowIndex: target.windowIndex, departmentId: target.departmentId };
  await correctConfirmation(db, key, { note: change.note, figures: change.figures });
  await audit(db, {
    actor: change.actor,
    action: 'confirmation.correct',
    subject: confirmationSubject(target),
    at: change.at,
    details: {
      taskId: target.task.id, code: target.task.code, windowIndex: target.windowIndex,
      departmentId: target.departmentId, department: target.department, status: previous.status, previous: previous.status,
      note: change.note, figures: change.figures, previousNote: previous.note, previousFigures: previous.figures,
      // The record stays the confirmer's (an undo that goes back to corrected progress restores them); the corrector is the actor.
      memberId: previous.memberId, correctedBy: change.memberId, memberName: change.actorName, messageId: change.messageId,
    },
  });
}
