import type { ConfirmationRecord } from '../../db/repositories/confirmations.js';
import type { PlanTask } from '../../db/repositories/tasks.js';
import type { Figure, WrittenFigure } from '../confirmations/figures.js';
import { confirmableWindows, windowText } from '../confirmations/windows.js';
import { shortTitle } from './task-lines.js';

/** What a chat correction (commands/correct.ts) answers, one function per case. Nothing is recorded unless said. */

const UNCHANGED = '本条未作改动。';
const quote = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** "V4W5 职工子女暑期托管班（7-8月）": the task and the window corrected. */
export function correctedLabel(task: PlanTask, windowIndex: number): string {
  const when = task.allYear ? '全年' : windowText(confirmableWindows(task)[windowIndex]!, task.planYear);
  return `${task.code} ${shortTitle(task.title, 18)}（${when}）`;
}

const figureText = (fs: { text: string }[]) => fs.map((f) => f.text).join('、');

/** Done: the new note and figures, each with what it replaced. */
export function correctedLines(department: string, label: string, previous: ConfirmationRecord, note: string | null, figures: Figure[]): string[] {
  const before = figureText(previous.figures);
  const now = figureText(figures);
  return [
    `已更正：${department} ${label}。`,
    `说明：${note ?? '无'}（原为：${previous.note ? quote(previous.note) : '无'}）`,
    ...(now || before ? [`数据：${now || '无'}${before !== now ? `（原为：${before || '无'}）` : ''}`] : []),
  ];
}

export function sameNoteLines(department: string, label: string, note: string | null): string[] {
  return [`${department} ${label}的说明已是“${quote(note ?? '')}”，无需更正。`];
}

/** Not confirmed by the department (undone, or never): nothing to correct; how to confirm, and who has confirmed. */
export function notConfirmedLines(department: string, task: PlanTask, example: string, others: string[], isAdmin: boolean): string[] {
  const label = `${task.code} ${shortTitle(task.title, 18)}`;
  return [
    `${department}还没有确认 ${label}，无需更正，${UNCHANGED}`,
    `如已完成，请发送“完成 ${task.code}${example ? ` ${example}` : ''}”。`,
    ...(others.length ? [`${others.join('、')}已确认该任务，其记录${isAdmin ? `可写明部门更正，如“更正 ${task.code} ${others[0]} …”` : `请由${others.join('、')}更正`}。`] : []),
  ];
}

/** A number alone, when the note has several figures it could replace, or none. */
export function unclearNumberLines(code: string, note: string | null, figures: WrittenFigure[], example: string): string[] {
  const what = figures.length > 1 ? `原记录有多个数字（${figureText(figures)}），无法确定要改哪一个`
    : note ? `原记录（${quote(note)}）中没有可替换的数字` : '原记录没有情况说明';
  return [`${what}，${UNCHANGED}`, `请发送完整的更正，例如：更正 ${code} ${example}`];
}

/** No new wording ("V4W5 写错了"), or a value of something the note does not hold apart ("地点改为…"), or several at once. */
export function wholeWordingLines(code: string, note: string | null, why: 'none' | 'part' | 'several'): string[] {
  const reason = why === 'none' ? '请把正确的内容一起发给我。'
    : why === 'several' ? `一次改几处时，${UNCHANGED}` : `情况说明无法只改其中一项，${UNCHANGED}`;
  return [
    reason,
    `请发送“更正 ${code}”加完整的新说明，如“更正 ${code} 慰问130人”，新说明将替换原说明${note ? `（原说明：${quote(note)}）` : ''}。`,
  ];
}

export const dateLines = (code: string): string[] =>
  [`完成日期暂不能在群里更正，${UNCHANGED}如需调整 ${code} 的完成日期，请联系工会办公室。`];

/** The new wording says the work is only partly done, or not yet: the status is taken back, not corrected. */
export function statusLines(code: string, status: 'partial' | 'not-done', wording: string): string[] {
  return status === 'partial'
    ? [`更正只修改已记录的说明和数据，不改完成状态，${UNCHANGED}`, `如 ${code} 只完成了一部分，请先发送“撤销 ${code}”，再发送“部分完成 ${code} …”。`]
    : [`“${quote(wording, 30)}”是说还没有完成，${UNCHANGED}`, `如 ${code} 其实还没有完成，请发送“撤销 ${code}”。`];
}

/** "V4W5 写错了，应该是J5D8": the code was wrong. */
export function wrongCodeLines(code: string, right: string[]): string[] {
  return [`如果是编号写错了：请先发送“撤销 ${code}”，再发送“完成 ${right[0]} …”。${UNCHANGED}`];
}

/** "V4W5 写错了怎么改": how corrections are said. */
export function howLines(code = 'K7Q2'): string[] {
  return [
    `如需更正已记录的说明或数据，请发送“更正 ${code} 正确的说明”，如“更正 ${code} 慰问130人”，新说明将替换原说明。`,
    `只改一个数字，可发送“${code} 人数改为130”。整条记录有误，请发送“撤销 ${code}”。`,
  ];
}

/** The tasks a correction could be about, listed to choose from; `example` says the message again with a code. */
export function chooseLines(intro: string, tasks: PlanTask[], example: (code: string) => string): string[] {
  const shown = tasks.slice(0, 8);
  return [
    intro,
    ...shown.map((t) => `· ${t.code} ${shortTitle(t.title, 18)}`),
    ...(tasks.length > shown.length ? [`……另有 ${tasks.length - shown.length} 项`] : []),
    ...(shown.length ? [`请写明编号，如“${example(shown[0]!.code)}”。${UNCHANGED}`] : []),
  ];
}
