import { latestConfirmationsBy } from '../db/repositories/confirmations.js';
import { taskById, type PlanTask } from '../db/repositories/tasks.js';
import { outcomeLines } from '../src/answers/outcome-lines.js';
import { claimHead } from '../src/confirmations/claim-head.js';
import { chooseDepartment } from '../src/confirmations/choose-department.js';
import { withoutDepartments, withoutLeadingSubject, withoutWords } from '../src/confirmations/note-words.js';
import { openWorkLines } from '../src/confirmations/open-work.js';
import { parseReply, replyNote, splitReports, withoutDisowned, withoutFiller, type ParsedReply } from '../src/confirmations/parse-reply.js';
import { loadPairs, withOwners } from '../src/confirmations/progress.js';
import { recordConfirmation, type ConfirmTarget } from '../src/confirmations/record.js';
import { collectiveLines } from '../src/confirmations/collective.js';
import { departmentsNamed, resolveWithoutCode } from '../src/confirmations/resolve.js';
import { numbersItsTasks, withQuotedNumbers } from '../src/confirmations/quoted-numbers.js';
import { findTasks, ownTasks, permissionFor, setUpConfirming, type Dept, type Setup } from '../src/confirmations/setup.js';
import { splitByTitles, type TitlePools } from '../src/confirmations/title-reports.js';
import { monthsNamed, quotedDeadline, windowFor } from '../src/confirmations/window-for.js';
import { confirmableWindows, currentWindowIndex } from '../src/confirmations/windows.js';
import type { CommandContext } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { answer, defineCommand } from '../src/core/router.js';

/**
 * "完成 K7Q2 慰问120人", "K7Q2 已完成", a quoted reminder plus 已办结, "送清凉已完成", "部分完成 K7Q2",
 * "撤销 K7Q2": records the state of the task's current window for the sender's department.
 * Everything that can refuse (unknown code, not this department's task, no permission) is checked
 * before the first write: a UserError is an answer, and its transaction is rolled back.
 */
export const confirm = defineCommand({
  name: 'confirm',
  writes: true,
  match: (text, ctx) => {
    // "J5D8已完成，不是V4W5": the code said not to be meant is no part of the report.
    // "1和3已完成" replying to a reminder that numbers its tasks: the numbers are its codes.
    const { text: said, disowned } = withoutDisowned(withQuotedNumbers(text, ctx.message.quotedText));
    // "R8P4 已完成 表彰5个；Q2N3 正在推进": each task with its own status, note and figures.
    const split = splitReports(said, ctx.message.quotedText);
    const p = split ? null : parseReply(said, ctx.message.quotedText);
    const parts = split ?? (p && p.action !== 'ack' ? [p] : null);
    return parts ? { parts, said: said as string, split: !!split, disowned: disowned.filter((c) => !parts.some((x) => x.codes.includes(c))) } : null;
  },
  handle: async ({ parts: read, said, split, disowned }, ctx) => {
    const setup = await setUpConfirming(ctx);
    // "V4W5和健步走都完成了", "送清凉、体检都已完成": several tasks named by title, each read on its own.
    const titled = split ? null : splitByTitles(said, ctx.message.quotedText, titlePools(setup, ctx));
    if (titled?.kind === 'unclear') return answer(titled.lines, { tasks: titled.tasks });
    const parts = titled ? titled.parts.map((x) => x.p) : read;
    const named = new Map(titled ? titled.parts.map((x) => [x.p, x.task]) : []);
    // Decide everything first, for every part of the message: nothing is written unless all of it is clear.
    const decided: Extract<Decision, { kind: 'record' }>[] = [];
    for (const p of parts) {
      const d = await decide(p, setup, ctx, named.get(p) ?? undefined).catch((err: unknown) => { throw wholeMessageRefused(err, p, parts); });
      if (d.kind === 'ask') {
        const said = d.lines.some((l) => l.startsWith('本条消息未记录'));
        return answer([...d.lines, ...(parts.length > 1 && !said ? ['本条消息未记录任何任务，请确认后重新发送。'] : [])], { tasks: d.tasks });
      }
      decided.push(d);
    }

    const actor = `${ctx.message.platform}:${ctx.message.senderId}`;
    const lines: string[] = [];
    for (const d of decided) {
      for (const c of d.claims.values()) await claimHead(ctx, c, actor);
      for (const target of d.targets) {
        const r = await recordConfirmation(ctx.db, target, {
          action: d.p.action as 'done' | 'partial' | 'undo', note: d.note, figures: [...d.p.figures], memberId: ctx.member.id, actor,
          actorName: ctx.member.name ?? ctx.message.senderName ?? null, messageId: ctx.message.messageId, at: ctx.now,
        });
        lines.push(...outcomeLines(target, r, d.note, d.p, ctx));
        if (r.outcome === 'recorded' || r.outcome === 'updated') lines.push(...collectiveLines(target.department, target.task.code, d.p.action as 'done' | 'partial', ctx));
      }
    }

    lines.push(...disownedLines(disowned, setup));

    // What is still open, per department, read after the writes above (same transaction).
    const targets = decided.flatMap((d) => d.targets);
    const after = await loadPairs(ctx.db, ctx.today.year, ctx.today, setup.catalog);
    const depts = [...new Map(targets.map((t) => [t.dept.id, t.dept])).values()];
    for (const d of depts) lines.push(...openWorkLines(after.pairs, d, ctx.today));

    // A task due more than once: the hint names the window's month, or "撤销 E4G4" would act on the current one.
    const first = targets[0]!;
    const windows = confirmableWindows(first.task);
    const month = windows.length > 1 ? `${first.task.code} ${windows[first.windowIndex]!.startMonth}月` : first.task.code;
    // Recorded for another department than this group's (the office confirming for 各基层工会): the hint names it,
    // or "撤销 D6S9" would act on the group's own record.
    const code = first.departmentId !== setup.home?.id ? `${month} ${first.department}` : month;
    const action = decided[0]!.p.action;
    // An early confirmation has said how to take it back already.
    const hinted = lines.some((l) => l.includes(`“撤销 ${code}”`));
    const footer = action === 'done' ? (hinted ? undefined : `如有误，可发送“更正 ${code} …”或“撤销 ${code}”。`)
      : action === 'partial' ? `全部完成后请回复“完成 ${code}”。` : `重新确认请回复“完成 ${code}”。`;
    return answer(lines, { footer, tasks: [...new Set(decided.flatMap((d) => d.tasks))] });
  },
});

/**
 * A refusal of one task of a message that reports several (another department's task, an unknown code, no
 * permission): nothing of the message is recorded, and the answer says so, or the others would be taken as recorded.
 */
function wholeMessageRefused(err: unknown, part: ParsedReply, parts: ParsedReply[]): unknown {
  const codes = [...new Set(parts.flatMap((p) => p.codes))];
  if (!(err instanceof UserError) || codes.length < 2) return err;
  // No right to confirm is the department's, not one task's: leaving a task out would not help.
  if (err.code === 'FORBIDDEN') return new UserError(err.code, `${err.message}\n本条消息未记录任何任务。`, { cause: err });
  const named = codes.filter((c) => err.message.includes(c));
  const refused = named.length ? named : part.codes;
  const others = codes.filter((c) => !refused.includes(c));
  const what = `本条消息未记录任何任务${others.length ? `（包括 ${others.join('、')}）` : ''}`;
  const next = refused.length ? `，请去掉 ${refused.join('、')} 后重新发送。` : '。';
  return new UserError(err.code, `${err.message}\n${what}${next}`, { cause: err });
}

/** "撤回刚才的确认", "撤销刚刚那条": the sender's latest confirming message, not a list to choose from. */
const JUST_NOW = /刚才|刚刚|上一条|上条|刚发的|最近一次|最后一次/;

/**
 * The confirmations of the sender's latest confirming message of the last day, to take back. When there is none, or
 * that message was itself taken back, the sender is told so: an older confirmation is never taken back unasked.
 */
async function undoLatest(p: ParsedReply, setup: Setup, ctx: CommandContext): Promise<Decision> {
  const since = new Date(ctx.now.getTime() - 24 * 3600_000);
  const all = await latestConfirmationsBy(ctx.db, ctx.member.id, since);
  const rows = all.filter((r) => r.status !== 'undone');
  if (!rows.length) {
    return { kind: 'ask', tasks: [], lines: [all.length
      ? '您最近一条确认消息已经撤销，没有需要撤回的确认。如要撤销更早的确认，请发送“撤销 编号”。'
      : '没有找到您近一天内的确认记录，无需撤回。如要撤销某项任务的确认，请发送“撤销 编号”。'] };
  }
  const byId = new Map(setup.catalog.tasks.map((t) => [t.id, t]));
  const deptById = new Map(setup.catalog.departments.map((d) => [d.id, d]));
  const targets: (ConfirmTarget & { dept: Dept })[] = [];
  for (const r of rows) {
    const task = byId.get(r.taskId) ?? await taskById(ctx.db, r.taskId);
    const dept = deptById.get(r.departmentId);
    if (!task || !dept) continue;
    const permission = await permissionFor(ctx, dept);
    if (!permission.ok) throw new UserError('FORBIDDEN', permission.message);
    targets.push({ task, windowIndex: r.windowIndex, departmentId: dept.id, department: dept.name, dept });
  }
  if (!targets.length) {
    return { kind: 'ask', tasks: [], lines: ['您最近确认的任务已不在当前计划中，无法撤回。请发送“撤销 编号”撤销指定任务。'] };
  }
  return { kind: 'record', p, tasks: [...new Set(targets.map((t) => t.task))], note: null, targets, claims: new Map() };
}

/** One part of a message decided: the windows and departments to record, with the note; or a question back. */
type Decision =
  | { kind: 'ask'; lines: string[]; tasks: PlanTask[] }
  | {
    kind: 'record'; p: ParsedReply; tasks: PlanTask[]; note: string | null;
    targets: (ConfirmTarget & { dept: Dept })[]; claims: Map<number, { departmentId: number; placeholderId: number }>;
  };

/** Where a message naming several tasks by title looks them up (see splitByTitles). */
function titlePools(setup: Setup, ctx: CommandContext): TitlePools {
  const { catalog, office, home } = setup;
  return {
    own: ownTasks(setup, ctx), departments: catalog.departments, department: home?.name ?? null,
    elsewhere: home ? catalog.tasks.map((t) => withOwners(t, office)).filter((t) => !t.departments.includes(home.name)) : [],
    byCode: (code) => catalog.tasks.find((t) => t.code === code),
  };
}

/** `named`: the task a part of a message names by title, found already (splitByTitles). */
async function decide(p: ParsedReply, setup: Setup, ctx: CommandContext, named?: PlanTask): Promise<Decision> {
  const { catalog, pairs, office, home } = setup;
  if (p.action === 'undo' && !p.codes.length && !p.quotedCodes.length && JUST_NOW.test(`${p.before}${p.after}`)) {
    return undoLatest(p, setup, ctx);
  }
  let tasks: PlanTask[];
  let byTitle = false;
  if (p.codes.length) {
    tasks = await findTasks(p.codes, catalog.tasks, ctx);
  } else if (named) {
    tasks = [named];
    byTitle = true;
  } else {
    const own = ownTasks(setup, ctx);
    const current = new Set(own.map((t) => `${t.id}:${currentWindowIndex(t, ctx.today)}`));
    const r = resolveWithoutCode(p, {
      quotedTasks: await findTasks(p.quotedCodes, catalog.tasks, ctx, true), quoteNumbered: numbersItsTasks(ctx.message.quotedText),
      pairs: pairs.filter((x) => home && x.departmentId === home.id && current.has(`${x.task.id}:${x.windowIndex}`)),
      departmentTasks: own, departments: catalog.departments, department: home?.name ?? null,
      // Whose a task named by words is, when it is not this department's (unassigned work is the office's).
      elsewhere: home ? catalog.tasks.map((t) => withOwners(t, office)).filter((t) => !t.departments.includes(home.name)) : [],
    });
    if (r.kind === 'ask') return { kind: 'ask', lines: r.lines, tasks: r.tasks };
    tasks = r.tasks;
    byTitle = r.byTitle;
  }

  // The department of each task and the sender's right to confirm for it.
  const namedDepts = departmentsNamed(`${p.before} ${p.after}`, catalog.departments);
  const targets: (ConfirmTarget & { dept: Dept })[] = [];
  const claims = new Map<number, { departmentId: number; placeholderId: number }>();
  const months = monthsNamed(`${p.before} ${p.after}`);
  const monthsUsed = new Set<string>();
  for (const task of tasks) {
    const { dept, permission } = await chooseDepartment(ctx, setup, task, namedDepts, p.action);
    if (permission.claim) claims.set(permission.claim.id, { departmentId: dept.id, placeholderId: permission.claim.id });
    const window = windowFor(task, dept, months, quotedDeadline(task.code, ctx.message.quotedText), pairs, p.action, ctx);
    if ('ask' in window) {
      // Nothing of this message is recorded until it is clear, not even its other tasks: say so.
      const others = tasks.filter((t) => t !== task).map((t) => t.code);
      return { kind: 'ask', lines: [...window.ask, ...(others.length ? [`本条消息未记录任何任务（包括 ${others.join('、')}），请写明月份后重新发送。`] : [])],
        tasks: [task] };
    }
    if (window.month) monthsUsed.add(window.month);
    targets.push({ task, windowIndex: window.index, departmentId: dept.id, department: dept.name, dept });
  }

  // "部分完成 推进职工技术创新 已评选成果12项": the words that named the task lead what follows; they are not the note.
  const reported = byTitle && !p.before ? { ...p, after: withoutLeadingSubject(p.after, tasks) } : p;
  // Nor are the department named to say whose it is, and the month that chose the window ("完成 E4G4 10月 已办").
  const note = withoutFiller(withoutWords(withoutDepartments(replyNote(reported, byTitle),
    namedDepts.filter((d) => targets.some((t) => t.departmentId === d.id))), monthsUsed));
  return { kind: 'record', p, tasks, note, targets, claims };
}

/**
 * "不是V4W5": nothing is recorded for it. When the department has it confirmed already (a correction of an earlier
 * message), the way to take that back is said; it is not taken back unasked.
 */
function disownedLines(codes: string[], setup: Setup): string[] {
  return codes.map((code) => {
    const held = setup.pairs.find((x) => x.task.code === code && x.departmentId === setup.home?.id
      && (x.state === 'done' || x.state === 'partial'));
    return held
      ? `${code} 此前已记录为${held.state === 'done' ? '完成' : '部分完成'}，本条未作改动；如需撤销，请发送“撤销 ${code}”。`
      : `本条未记录 ${code}。`;
  });
}

