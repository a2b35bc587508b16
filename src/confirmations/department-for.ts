import type { PlanTask } from '../../db/repositories/tasks.js';
import { shortTitle } from '../answers/task-lines.js';
import { UserError } from '../core/errors.js';
import type { ReplyAction } from './parse-reply.js';
import type { Dept } from './setup.js';

/** What a chat message asks to do to a confirmation: a reply's action, or a correction of its note (correct.ts). */
export type ConfirmAction = ReplyAction | 'correct';

/** How each action is written at the start of a reply (parse-reply and correct.ts read all of these). */
export const ACTION_WORD: Record<ConfirmAction, string> = { done: '完成', partial: '部分完成', undo: '撤销', ack: '收到', correct: '更正' };

/**
 * The department a confirmation is for: one named in the reply that is responsible for the task; else the
 * chat's department, else the sender's, when responsible; else the task's only department for an admin or
 * someone without a department. Anything else is refused with the responsible departments named.
 */
export function departmentFor(task: PlanTask, o: {
  named: Dept[]; chatDept: Dept | null; memberDept: Dept | null; home: Dept | null; isAdmin: boolean; ids: Dept[];
  action: ConfirmAction;
}): Dept {
  const responsible = task.departments.map((n) => o.ids.find((d) => d.name === n)).filter((d): d is Dept => !!d);
  const explicit = o.named.find((d) => task.departments.includes(d.name));
  if (explicit) return explicit;
  for (const d of [o.chatDept, o.memberDept]) if (d && task.departments.includes(d.name)) return d;
  const label = `${task.code} ${shortTitle(task.title, 16)}`;
  if (!responsible.length) {
    throw new UserError('BAD_REQUEST', `${label} 在计划中没有写明负责部门，无法按部门登记完成情况。请联系工会办公室。`);
  }
  if (responsible.length === 1 && (o.isAdmin || !o.home)) return responsible[0]!;
  const who = responsible.map((d) => d.name).join('、');
  // The example repeats what the sender asked for: an undo must not be answered with a way to confirm.
  const verb = ACTION_WORD[o.action];
  const act = o.action === 'undo' || o.action === 'correct' ? verb : '确认';
  const hint = `如需代为${act}，请写明部门，如“${verb} ${task.code} ${responsible[0]!.name}${o.action === 'correct' ? ' …' : ''}”。`;
  if (o.home) throw new UserError('BAD_REQUEST', `${label} 由${who}负责，不是${o.home.name}的任务。${o.isAdmin ? hint : ''}`);
  const question = o.action === 'undo' || o.action === 'correct' ? `请问要${verb}哪个部门的记录？` : o.action === 'partial' ? '请问是哪个部门的进展？' : '请问是哪个部门完成的？';
  throw new UserError('BAD_REQUEST', `${label} 由${who}负责，${question}${hint}`);
}
