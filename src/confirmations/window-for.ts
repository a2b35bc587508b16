import { shortTitle } from '../answers/task-lines.js';
import type { CommandContext } from '../core/context.js';
import type { PlanTask } from '../../db/repositories/tasks.js';
import { chineseNumber } from '../plan-import/enumerators.js';
import { ACTION_WORD } from './department-for.js';
import type { Pair } from './pairs.js';
import type { ReplyAction } from './parse-reply.js';
import type { Dept } from './setup.js';
import { confirmableWindows, currentWindowIndex, windowCovers, windowText } from './windows.js';

/**
 * "10月", "十二月份": months a reply names (to say which window of a task it is about), with their text. Not a
 * month that begins a date ("10月20日举办"): that says when something was done.
 */
export function monthsNamed(text: string): { month: number; text: string }[] {
  return [...text.normalize('NFKC').matchAll(/(\d{1,2}|十[一二]|[一二三四五六七八九十])\s*月份?(?!\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])/g)]
    .map((m) => ({ month: /\d/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!), text: m[0] }))
    .filter((m) => m.month >= 1 && m.month <= 12);
}

/**
 * Which window of a task a confirmation is about. One window: that one. Several (7 月、12 月): the one whose
 * months the reply names ("完成 E4G4 10月"); otherwise the current one, unless an earlier window is still owed
 * by the department: then the bot asks which, since a late report of October's work sent in December must not
 * be recorded as December's.
 */
export function windowFor(
  task: PlanTask, dept: Dept, months: { month: number; text: string }[], quotedEnd: number | undefined, pairs: Pair[],
  action: ReplyAction, ctx: CommandContext,
): { index: number; month?: string } | { ask: string[] } {
  const windows = confirmableWindows(task);
  const index = currentWindowIndex(task, ctx.today);
  if (windows.length < 2) return { index };
  const covers = (i: number, month: number) => [task.planYear, task.planYear + 1].some((y) => windowCovers(windows[i]!, y, month));
  for (const m of months) {
    const i = windows.findIndex((_, j) => covers(j, m.month));
    if (i >= 0) return { index: i, month: m.text };
  }
  // A quoted reminder says which window it was about: "K7Q2 …（10月31日截止）".
  const quoted = quotedEnd === undefined ? -1 : windows.findIndex((w) => w.endMonth === quotedEnd);
  if (quoted >= 0) return { index: quoted };
  if (action === 'undo') return { index };
  const owed = pairs.filter((x) => x.task.id === task.id && x.departmentId === dept.id && x.windowIndex !== index && x.state === 'overdue');
  if (!owed.length) return { index };
  const verb = ACTION_WORD[action];
  const label = (i: number) => `${windows[i]!.startMonth}月`;
  const choices = [...owed.map((x) => x.windowIndex), index].sort((a, b) => a - b);
  return { ask: [
    `${task.code} ${shortTitle(task.title, 16)} 分 ${windows.length} 次：${windows.map((w, i) => windowText(w, task.planYear)
      + (owed.some((x) => x.windowIndex === i) ? `（${dept.name}逾期未确认）` : i === index ? '（本期）' : '')).join('、')}。`,
    `请问是哪一次？请回复${choices.map((i) => `“${verb} ${task.code} ${label(i)}”`).join('或')}。`,
  ] };
}

/** The month of the deadline a quoted reminder gives for the task ("K7Q2 …（10月31日截止）"), if it gives one. */
export function quotedDeadline(code: string, quoted: string | undefined): number | undefined {
  if (!quoted) return undefined;
  const at = quoted.indexOf(code);
  if (at < 0) return undefined;
  const m = /(\d{1,2})月\d{1,2}日截止/.exec(quoted.slice(at, at + 120));
  return m ? Number(m[1]) : undefined;
}
