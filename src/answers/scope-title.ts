import type { ChatInfo } from '../../db/repositories/chat-participants.js';
import type { ParsedQuery } from '../query/parse-query.js';
import { selectionTasks, type Selection } from '../query/select-tasks.js';
import { formatYearMonths } from '../query/time.js';
import { withdrawnOnly } from '../query/catalog.js';
import { withdrawnYearNote } from './withdrawn.js';

/** "组织人事处 2026年7月", "2026年", "“体检” 2026年": what an answer covers, for its title. */
export function scopeText(q: ParsedQuery, s: Selection): string {
  const when = s.months ? formatYearMonths(s.months) : `${s.year}年`;
  const who = q.departments.map((d) => d.name).join('、');
  const what = q.keywords.length && !s.festival ? `“${q.keywords.join(' ')}”` : '';
  return [who, what, when].filter(Boolean).join(' ');
}

/** Notes that keep an answer honest: no plan for the asked year, or 我们 in a chat with no department. */
export function scopeNotes(q: ParsedQuery, s: Selection): string[] {
  const notes: string[] = [];
  // The year asked about: a year whose plans were all withdrawn is said to be so, not to have no plan.
  const asked = s.fellBack ? q.time.year : s.year;
  const gone = withdrawnOnly(q.catalog, asked);
  if (gone.length) {
    notes.push(`（${withdrawnYearNote(asked, gone)}）`);
    if (s.fellBack) notes.push(`（以下按${s.year}年计划回答。）`);
  } else if (s.fellBack) notes.push(`（尚未导入${q.time.year}年的工作计划，以下按${s.year}年计划回答。）`);
  else if (!q.catalog.planYears.includes(s.year)) {
    // Tasks of another year's plan may still fall in the asked time (a 2026 plan's 2027年1月 item).
    notes.push(selectionTasks(s).length
      ? `（尚未导入${s.year}年的工作计划，以下是已导入的计划中安排在这个时间的任务。）`
      : `（尚未导入${s.year}年的工作计划。）`);
  }
  // Said only when it is true: "春节后" read as a festival fallback must not deny the plan's 春节 tasks.
  if (s.festival && s.months && !q.catalog.tasks.some((t) => t.planYear === s.year && t.title.includes(s.festival!))) {
    notes.push(`（计划中没有单独写“${s.festival}”的任务，以下是${formatYearMonths(s.months)}的安排。）`);
  }
  if (q.time.week && s.months) notes.push(`（计划按月安排，以下是${q.time.week}所在月份的任务。）`);
  if (q.ownUnbound) notes.push('（本群还没有绑定部门，以下是各部门的任务。管理员可在群里发送“绑定 部门名称”。）');
  return notes;
}

/**
 * The department a question is about because of where it is asked: in a department's own group (not the office's),
 * one naming no department and not 各部门 means that department. Undefined anywhere else.
 */
export function groupDepartment(q: ParsedQuery, chat: ChatInfo): { id: number; name: string } | undefined {
  if (q.departments.length || q.allDepartments || chat.isOffice || chat.departmentId === null || !chat.department) return undefined;
  return { id: chat.departmentId, name: chat.department };
}
