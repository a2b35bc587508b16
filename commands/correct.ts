import { confirmationsOfTasks, type ConfirmationRecord } from '../db/repositories/confirmations.js';
import type { PlanTask } from '../db/repositories/tasks.js';
import {
  chooseLines, correctedLabel, correctedLines, dateLines, howLines, notConfirmedLines, sameNoteLines, statusLines,
  unclearNumberLines, wholeWordingLines, wrongCodeLines,
} from '../src/answers/correction-lines.js';
import { claimHead } from '../src/confirmations/claim-head.js';
import { figuresOfNote, numberOnly, replaced, unitsNamed, withNumberReplaced } from '../src/confirmations/correct-note.js';
import { figuresWritten } from '../src/confirmations/figures.js';
import { chooseDepartment } from '../src/confirmations/choose-department.js';
import { withoutDepartments, withoutLeadingSubject, withoutWords } from '../src/confirmations/note-words.js';
import { parseCorrection, withoutCorrectionWords, type Correction } from '../src/confirmations/parse-correction.js';
import { recordCorrection } from '../src/confirmations/record-correction.js';
import { departmentsNamed, subjectWords } from '../src/confirmations/resolve.js';
import { findTasks, ownTasks, setUpConfirming, type Dept, type Setup } from '../src/confirmations/setup.js';
import { monthsNamed } from '../src/confirmations/window-for.js';
import { confirmableWindows, currentWindowIndex, windowCovers } from '../src/confirmations/windows.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import { bestMatches, scoreTasks } from '../src/query/keywords.js';
import { confirm } from './confirm.js';

/**
 * "V4W5 人数改为130", "更正：V4W5 托管130人", "V4W5 写错了，应为130人", or a quote of the bot's 已记录 answer plus
 * "人数应该是130": corrects the note (and so the figures) of the department's standing confirmation of a task, under
 * the same rights as confirming. The status and the day of the confirmation stay; what the note said before is kept
 * in the audit log. Anything unclear is asked back, and nothing is written.
 */
export const correct = defineCommand({
  name: 'correct',
  writes: true,
  match: (text, ctx) => parseCorrection(text, ctx.message.quotedText),
  handle: async (c, ctx): Promise<CommandReply> => {
    if (c.kind === 'how') return answer(howLines(c.codes[0]));
    const setup = await setUpConfirming(ctx);
    const found = await correctedTask(c, setup, ctx);
    if (found.kind === 'ask') return answer(found.lines, { tasks: found.tasks });
    const { task } = found;
    const tasks = [task];
    if (c.newCodes.length) return answer(wrongCodeLines(task.code, c.newCodes), { tasks });

    const { catalog } = setup;
    const named = departmentsNamed(`${c.subject} ${c.wording}`, catalog.departments);
    const { dept, permission } = await chooseDepartment(ctx, setup, task, named, 'correct');

    const windows = confirmableWindows(task);
    const standing = (await confirmationsOfTasks(ctx.db, [task.id]))
      .filter((r) => r.status !== 'undone' && r.windowIndex >= 0 && r.windowIndex < windows.length);
    const held = standing.filter((r) => r.departmentId === dept.id);
    // "J5D8已完成，路线改为沿江绿道" is a report that says a change, not a correction: read as confirm reads it.
    const asReport = async () => {
      const report = await confirm.match(withoutCorrectionWords(ctx.text), ctx);
      return report ? confirm.handle(report, ctx) : null;
    };
    if (!held.length) {
      const reported = await asReport();
      if (reported) return reported;
      const others = [...new Set(standing.map((r) => catalog.departments.find((d) => d.id === r.departmentId)?.name))]
        .filter((n): n is string => !!n);
      return answer(notConfirmedLines(dept.name, task, confirmExample(c), others, ctx.isAdmin), { tasks });
    }
    const months = monthsNamed(`${c.subject} ${c.wording}`);
    const chosen = heldWindow(held, task, months, ctx);
    if ('ask' in chosen) return answer(chosen.ask, { tasks });
    const { record } = chosen;

    const next = newNote(c, record, task, dept, named, chosen.month);
    if ('lines' in next) return (next.part && await asReport()) || answer(next.lines, { tasks });
    const label = correctedLabel(task, record.windowIndex);
    if (next.note === record.note) return answer(sameNoteLines(dept.name, label, record.note), { tasks });

    const actor = `${ctx.message.platform}:${ctx.message.senderId}`;
    if (permission.claim) await claimHead(ctx, { departmentId: dept.id, placeholderId: permission.claim.id }, actor);
    const figures = figuresOfNote(next.note);
    await recordCorrection(ctx.db, { task, windowIndex: record.windowIndex, departmentId: dept.id, department: dept.name }, record, {
      note: next.note, figures, memberId: ctx.member.id, actor, actorName: ctx.member.name ?? ctx.message.senderName ?? null,
      messageId: ctx.message.messageId, at: ctx.now,
    });
    return answer(correctedLines(dept.name, label, record, next.note, figures), { tasks });
  },
});

type Found = { kind: 'task'; task: PlanTask } | { kind: 'ask'; lines: string[]; tasks: PlanTask[] };

// Words of a subject that say what is corrected, not which task: "托管班人数" names 托管班.
const FIELD_WORDS = /人数|人员|名额|人次|金额|经费|费用|资金|场次|次数|户数|份数|个数|项数|家数|期数|数量|数据|数字|情况说明|说明|备注|情况|内容|记录/g;

/**
 * The task corrected: by its code; else by the quoted message (the bot's 已记录 answer names it); else by the words
 * before the correction ("托管班人数改为130") among the department's confirmed tasks, then all its own; else a question.
 */
async function correctedTask(c: Correction, setup: Setup, ctx: CommandContext): Promise<Found> {
  const { catalog, home } = setup;
  // The message said again with the code: "V4W5 人数改为130".
  const said = ctx.text.trim();
  const example = (code: string) => (c.codes.length || said.length > 30 ? `更正 ${code} …` : `${code} ${said}`);
  if (c.codes.length > 1) {
    const named = await findTasks(c.codes, catalog.tasks, ctx);
    return { kind: 'ask', tasks: named, lines: chooseLines('一条消息请只更正一项任务。', named, example) };
  }
  if (c.codes.length) return { kind: 'task', task: (await findTasks(c.codes, catalog.tasks, ctx))[0]! };
  // The department's standing confirmations, and their tasks.
  const standing = home ? setup.pairs.filter((x) => x.departmentId === home.id && x.confirmation
    && x.confirmation.status !== 'undone') : [];
  const held = [...new Set(standing.map((x) => x.task))];
  const words = subjectWords({ before: c.subject.replace(FIELD_WORDS, ' '), after: '', figures: [] }, catalog.departments);
  const match = (pool: PlanTask[]) => (words.length ? bestMatches(scoreTasks(words, pool)).map((s) => s.task) : []);
  const one = (pool: PlanTask[]): Found | null => (pool.length === 1 ? { kind: 'task', task: pool[0]! } : null);

  const quoted = await findTasks(c.quotedCodes, catalog.tasks, ctx, true);
  if (quoted.length) {
    const ours = quoted.filter((t) => held.includes(t));
    const pool = ours.length ? ours : quoted;
    return one(quoted) ?? one(ours) ?? one(match(pool))
      ?? { kind: 'ask', tasks: pool, lines: chooseLines(`您回复的消息里有 ${pool.length} 项任务，请问更正哪一项？`, pool, example) };
  }
  if (!home) return { kind: 'ask', tasks: [], lines: ['请写明要更正的任务编号，如“更正 K7Q2 慰问130人”。本群还没有绑定部门。'] };
  const hits = match(held);
  const any = hits.length ? hits : match(ownTasks(setup, ctx));
  if (any.length === 1) return { kind: 'task', task: any[0]! };
  if (any.length > 1) return { kind: 'ask', tasks: any, lines: chooseLines(`${home.name}有 ${any.length} 项相关任务，请问更正哪一项？`, any, example) };
  // "不是120人，是130人": the figure said to be wrong names the one confirmed task whose note holds it.
  const wrong = figuresWritten(c.subject).map((f) => f.text);
  const holding = wrong.length
    ? [...new Set(standing.filter((x) => wrong.some((f) => x.confirmation!.note?.includes(f))).map((x) => x.task))] : [];
  if (holding.length === 1) return { kind: 'task', task: holding[0]! };
  if (!held.length) return { kind: 'ask', tasks: [], lines: [`${home.name}目前没有已确认的任务，无需更正。如要确认完成，请发送“完成 编号 …”。`] };
  return { kind: 'ask', tasks: held, lines: chooseLines(`请问更正哪项任务？${home.name}已确认的有：`, held, example) };
}

/**
 * Which of the department's standing confirmations of the task is corrected: the only one; else the window of a
 * month named ("更正 E4G4 10月 …"); else the current window's; else a question.
 */
function heldWindow(
  held: ConfirmationRecord[], task: PlanTask, months: { month: number; text: string }[], ctx: CommandContext,
): { record: ConfirmationRecord; month?: string } | { ask: string[] } {
  const windows = confirmableWindows(task);
  const covers = (r: ConfirmationRecord, month: number) =>
    [task.planYear, task.planYear + 1].some((y) => windowCovers(windows[r.windowIndex]!, y, month));
  for (const m of months) {
    const r = held.find((x) => covers(x, m.month));
    if (r) return { record: r, month: m.text };
  }
  if (held.length === 1) return { record: held[0]! };
  const current = held.find((r) => r.windowIndex === currentWindowIndex(task, ctx.today));
  if (current) return { record: current };
  const choices = held.map((r) => `${windows[r.windowIndex]!.startMonth}月`);
  return { ask: [`${task.code} 有 ${held.length} 次已确认（${choices.join('、')}），请写明月份，如“更正 ${task.code} ${choices[0]} …”。本条未作改动。`] };
}

// "完成日期应为7月8日", "时间写错了": the day of a confirmation is not corrected in chat.
const DATE_FIELD = /日期|时间|哪天|几号|日子/;
const DATE_ONLY = /^(?:\d{1,2}月)?\d{1,2}[日号](?:已?完成|办结|结束)?$/;
// Subjects that name the note itself: "说明改为…" replaces it whole.
const NOTE_FIELD = /^(?:情况说明|完成情况|说明|备注|情况|内容|记录)$/;

/**
 * The corrected note, or what to answer instead (nothing is written then). `part`: a value of something the note does
 * not hold apart ("路线改为沿江绿道"), which a message that also reports the work done says as its new note.
 */
function newNote(
  c: Correction, record: ConfirmationRecord, task: PlanTask, dept: Dept, named: Dept[], month: string | undefined,
): { note: string | null } | { lines: string[]; part?: boolean } {
  const code = task.code;
  const mine = named.filter((d) => d.id === dept.id).map((d) => ({ name: d.name, aliases: [] as string[] }));
  const clean = (s: string) => withoutWords(withoutDepartments(s, mine), month ? [month] : []) ?? '';
  const wording = clean(c.wording);
  const field = clean(withoutLeadingSubject(c.subject, [task]));
  if (DATE_FIELD.test(c.subject) || DATE_ONLY.test(wording.replace(/\s+/g, ''))) return { lines: dateLines(code) };
  if (c.status === 'not-done') return { lines: statusLines(code, 'not-done', wording) };
  if (c.status === 'partial' && record.status === 'done') return { lines: statusLines(code, 'partial', wording) };
  if (c.several) return { lines: wholeWordingLines(code, record.note, 'several') };
  if (!wording) return { lines: wholeWordingLines(code, record.note, 'none') };
  const n = numberOnly(wording);
  if (n) {
    const r = withNumberReplaced(record.note, n, c.subject);
    if (r.kind === 'note') return { note: r.note };
    // The example puts the new number in the first figure it could be, or after the note.
    const unit = n.unit ? '' : unitsNamed(c.subject)?.[0] ?? '';
    const example = r.figures.length && record.note ? replaced(record.note, r.figures[0]!, n)
      : `${record.note ? `${record.note}，` : ''}${n.text}${unit}`;
    return { lines: unclearNumberLines(code, record.note, r.figures, example.length > 80 ? `慰问${n.text}${unit}` : example) };
  }
  if (c.assigned && field && !NOTE_FIELD.test(field)) return { lines: wholeWordingLines(code, record.note, 'part'), part: true };
  return { note: wording.slice(0, 500) };
}

/** What to confirm with, said back ("完成 V4W5 托管130人"): the new wording; a number alone with its unit. */
function confirmExample(c: Correction): string {
  const n = numberOnly(c.wording);
  if (!n) return c.wording && !c.status ? c.wording : '';
  return `${n.text}${n.unit ? '' : unitsNamed(c.subject)?.[0] ?? ''}`;
}
