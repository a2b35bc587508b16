import { audit } from '../db/repositories/audit.js';
import type { ConfirmationRecord } from '../db/repositories/confirmations.js';
import { setMemberRole, upsertMember } from '../db/repositories/directory.js';
import { activeTaskByCode, taskById, unknownCodeText, type PlanTask } from '../db/repositories/tasks.js';
import { latestConfirmationsBy } from '../db/repositories/confirmations.js';
import { confirmerAndDay } from '../src/answers/progress-lines.js';
import { shortTitle } from '../src/answers/task-lines.js';
import type { Figure } from '../src/confirmations/figures.js';
import { openWorkLines } from '../src/confirmations/open-work.js';
import { parseReply, replyNote, splitReports, withoutDisowned, withoutFiller, type ParsedReply, type ReplyAction } from '../src/confirmations/parse-reply.js';
import { mayConfirm } from '../src/confirmations/permission.js';
import { loadPairs, withOwners } from '../src/confirmations/progress.js';
import { recordConfirmation, type ConfirmTarget, type RecordOutcome } from '../src/confirmations/record.js';
import { departmentsNamed, resolveWithoutCode } from '../src/confirmations/resolve.js';
import { numbersItsTasks, withQuotedNumbers } from '../src/confirmations/quoted-numbers.js';
import { splitByTitles, type TitlePools } from '../src/confirmations/title-reports.js';
import { confirmableWindows, currentWindowIndex, windowCovers, windowStarted, windowText } from '../src/confirmations/windows.js';
import { chineseNumber } from '../src/plan-import/enumerators.js';
import { bestMatches, scoreTasks } from '../src/query/keywords.js';
import type { Pair } from '../src/confirmations/pairs.js';
import type { CommandContext } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { answer, defineCommand } from '../src/core/router.js';

type Dept = { id: number; name: string };

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
    const setup = await setUp(ctx);
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
          action: d.p.action as 'done' | 'partial' | 'undo', note: d.note, figures: d.p.figures, memberId: ctx.member.id, actor,
          actorName: ctx.member.name ?? ctx.message.senderName ?? null, messageId: ctx.message.messageId, at: ctx.now,
        });
        lines.push(...outcomeLines(target, r, d.note, d.p, ctx));
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
    const footer = action === 'done' ? (hinted ? undefined : `如有误，可发送“撤销 ${code}”。`)
      : action === 'partial' ? `全部完成后请回复“完成 ${code}”。` : `重新确认请回复“完成 ${code}”。`;
    return answer(lines, { footer, tasks: [...new Set(decided.flatMap((d) => d.tasks))] });
  },
});

type Setup = Awaited<ReturnType<typeof setUp>>;

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

/** Whether the sender may confirm for a department, here. */
const permissionFor = (ctx: CommandContext, dept: Dept) =>
  mayConfirm(ctx.db, { platform: ctx.message.platform, member: ctx.member, chat: ctx.chat, isAdmin: ctx.isAdmin }, dept);

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

/** What every part of a confirmation is decided against: the year's catalog and pairs, the chat's and sender's departments. */
async function setUp(ctx: CommandContext) {
  const { catalog, pairs, office } = await loadPairs(ctx.db, ctx.today.year, ctx.today, await ctx.catalog(ctx.today.year));
  const deptById = new Map(catalog.departments.map((d) => [d.id, d]));
  const chatDept = ctx.chat.departmentId !== null ? deptById.get(ctx.chat.departmentId) ?? null : null;
  const memberDept = ctx.member.departmentId !== null ? deptById.get(ctx.member.departmentId) ?? null : null;
  return { catalog, pairs, office, chatDept, memberDept, home: chatDept ?? memberDept };
}

/** One part of a message decided: the windows and departments to record, with the note; or a question back. */
type Decision =
  | { kind: 'ask'; lines: string[]; tasks: PlanTask[] }
  | {
    kind: 'record'; p: ParsedReply; tasks: PlanTask[]; note: string | null;
    targets: (ConfirmTarget & { dept: Dept })[]; claims: Map<number, { departmentId: number; placeholderId: number }>;
  };

/**
 * The department's own tasks: this year's work (goals too), work under way, and work still overdue (last year's,
 * reported in January). Work the plan gives no department is the office's (withOwners).
 */
function ownTasks(setup: Setup, ctx: CommandContext): PlanTask[] {
  const { catalog, pairs, office, home } = setup;
  if (!home) return [];
  const overdue = new Set(pairs.filter((x) => x.departmentId === home.id && x.state === 'overdue').map((x) => x.task.id));
  return catalog.tasks.filter((t) => withOwners(t, office).departments.includes(home.name)
    && (t.planYear === ctx.today.year || overdue.has(t.id)
      || confirmableWindows(t).some((w) => windowCovers(w, ctx.today.year, ctx.today.month))));
}

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
  const { catalog, pairs, office, chatDept, memberDept, home } = setup;
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
    const dept = departmentFor(withOwners(task, office), { named: namedDepts, chatDept, memberDept, home, isAdmin: ctx.isAdmin, ids: catalog.departments, action: p.action });
    const permission = await permissionFor(ctx, dept);
    if (!permission.ok) throw new UserError('FORBIDDEN', permission.message);
    if (permission.claim) claims.set(permission.claim.id, { departmentId: dept.id, placeholderId: permission.claim.id });
    const window = windowFor(task, dept, months, quotedDeadline(task.code, ctx.message.quotedText), pairs, p.action, ctx);
    if ('ask' in window) {
      // Nothing of this message is recorded until it is clear, not even its other tasks: say so.
      const others = tasks.filter((t) => t !== task).map((t) => t.code);
      return { kind: 'ask', lines: [...window.ask, ...(others.length ? [`本条消息未记录任何任务（包括 ${others.join('、')}），请确认时段后重新发送。`] : [])],
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

/** Tasks by code: this year's catalog first, then any active plan. Unknown codes are refused (quoted ones skipped). */
async function findTasks(codes: string[], catalog: PlanTask[], ctx: CommandContext, lenient = false): Promise<PlanTask[]> {
  const out: PlanTask[] = [];
  for (const code of codes.slice(0, 10)) {
    const t = catalog.find((x) => x.code === code) ?? await activeTaskByCode(ctx.db, code);
    if (t) out.push(t);
    else if (!lenient) throw new UserError('NOT_FOUND', await unknownCodeText(ctx.db, code));
  }
  return [...new Set(out)];
}

/**
 * The department a confirmation is for: one named in the reply that is responsible for the task; else the
 * chat's department, else the sender's, when responsible; else the task's only department for an admin or
 * someone without a department. Anything else is refused with the responsible departments named.
 */
function departmentFor(task: PlanTask, o: {
  named: Dept[]; chatDept: Dept | null; memberDept: Dept | null; home: Dept | null; isAdmin: boolean; ids: Dept[];
  action: ReplyAction;
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
  const hint = `如需代为${o.action === 'undo' ? '撤销' : '确认'}，请写明部门，如“${verb} ${task.code} ${responsible[0]!.name}”。`;
  if (o.home) throw new UserError('BAD_REQUEST', `${label} 由${who}负责，不是${o.home.name}的任务。${o.isAdmin ? hint : ''}`);
  const question = o.action === 'undo' ? '请问要撤销哪个部门的记录？' : o.action === 'partial' ? '请问是哪个部门的进展？' : '请问是哪个部门完成的？';
  throw new UserError('BAD_REQUEST', `${label} 由${who}负责，${question}${hint}`);
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

/** How each action is written at the start of a reply (parse-reply reads all of these). */
const ACTION_WORD: Record<ReplyAction, string> = { done: '完成', partial: '部分完成', undo: '撤销', ack: '收到' };

/** "完成 Z5M5 组织人事处": the department named to say whose confirmation it is is not part of the note. */
function withoutDepartments(note: string | null, used: { name: string; aliases: string[] }[]): string | null {
  return withoutWords(note, used.flatMap((d) => [d.name, ...d.aliases]).filter((n) => n.length >= 2));
}

/**
 * The note without these words where they stand as labels ("10月", "代安全监督处确认", "机关工会的": a word of its own
 * between spaces or punctuation), or null when no word of its own is left. Inside running text ("我们机关工会今年以来
 * 共慰问…") they are part of what was reported and stay.
 */
function withoutWords(note: string | null, words: Iterable<string>): string | null {
  if (!note) return note;
  const list = [...words].filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRegExp);
  let rest = note;
  if (list.length) {
    const label = new RegExp(`(^|[\\s，,、。；;：:])(?:代为?|为|替|帮)?(?:${list.join('|')})(?:的|确认)?(?=$|[\\s，,、。；;：:])`, 'g');
    // Twice: two labels side by side share the space between them.
    for (let i = 0; i < 2; i++) rest = rest.replace(label, '$1');
  }
  rest = rest.replace(/^[\s，,、。；;：:]+|[\s，,、。；;：:]+$/g, '').replace(/\s{2,}/g, ' ');
  return /[\p{L}\p{N}]/u.test(rest) ? rest : null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "10月", "十二月份": months a reply names (to say which window of a task it is about), with their text. Not a
 * month that begins a date ("10月20日举办"): that says when something was done.
 */
function monthsNamed(text: string): { month: number; text: string }[] {
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
function windowFor(
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
    `${task.code} ${shortTitle(task.title, 16)} 分 ${windows.length} 个时段：${windows.map((w, i) => windowText(w, task.planYear)
      + (owed.some((x) => x.windowIndex === i) ? `（${dept.name}逾期未确认）` : i === index ? '（本期）' : '')).join('、')}。`,
    `请问是哪个时段？请回复${choices.map((i) => `“${verb} ${task.code} ${label(i)}”`).join('或')}。`,
  ] };
}

/** The month of the deadline a quoted reminder gives for the task ("K7Q2 …（10月31日截止）"), if it gives one. */
function quotedDeadline(code: string, quoted: string | undefined): number | undefined {
  if (!quoted) return undefined;
  const at = quoted.indexOf(code);
  if (at < 0) return undefined;
  const m = /(\d{1,2})月\d{1,2}日截止/.exec(quoted.slice(at, at + 120));
  return m ? Number(m[1]) : undefined;
}

/** The text after the status words without its first part when that part names one of the tasks. */
function withoutLeadingSubject(after: string, tasks: PlanTask[]): string {
  const [first] = after.split(/[\s，,、。；;：:]+/);
  if (!first || !bestMatches(scoreTasks([first], tasks)).length) return after;
  return after.slice(after.indexOf(first) + first.length).replace(/^[\s，,、。；;：:]+/, '');
}


/** A head registered by name in chat is now writing with a real id: the role moves onto this member. */
async function claimHead(ctx: CommandContext, c: { departmentId: number; placeholderId: number }, actor: string) {
  await upsertMember(ctx.db, {
    platform: ctx.message.platform, externalId: ctx.member.externalId, departmentId: c.departmentId, role: 'head',
  });
  await setMemberRole(ctx.db, c.placeholderId, 'staff');
  await audit(ctx.db, {
    actor, action: 'member.claim', subject: ctx.member.name ?? ctx.message.senderId, at: ctx.now,
    details: { memberId: ctx.member.id, placeholderId: c.placeholderId, departmentId: c.departmentId },
  });
}

const STATUS_WORDS: Record<string, string> = { done: '完成', partial: '部分完成', undone: '撤销' };

function outcomeLines(
  t: ConfirmTarget, r: { outcome: RecordOutcome; previous?: ConfirmationRecord; note: string | null; figures: Figure[] },
  said: string | null, p: ParsedReply, ctx: CommandContext,
): string[] {
  const { outcome, previous } = r;
  // Added to what was reported before: the whole of it is shown.
  const note = outcome === 'supplemented' ? r.note : said;
  const figures = outcome === 'supplemented' ? r.figures : p.figures;
  const windows = confirmableWindows(t.task);
  const when = t.task.allYear ? '全年' : windowText(windows[t.windowIndex]!, t.task.planYear);
  const label = `${t.task.code} ${shortTitle(t.task.title, 18)}（${when}）`;
  const extra = [
    ...(note && outcome !== 'undone' && outcome !== 'nothing-to-undo' ? [`说明：${note}`] : []),
    ...(figures.length && outcome !== 'undone' && outcome !== 'nothing-to-undo' ? [`数据：${figures.map((f) => f.text).join('、')}`] : []),
  ];
  const by = previous ? confirmerAndDay(previous, ctx.today.year, '，') : '';
  // Recorded before its months: said, since a mistyped code would otherwise close some future task unseen.
  const window = windows[t.windowIndex]!;
  const early = !t.task.allYear && !windowStarted(window, ctx.today)
    ? [`该任务计划于${when}开展，已按提前${p.action === 'done' ? '完成' : '开展'}记录；如编号有误，请发送“撤销 ${t.task.code}”。`] : [];
  switch (outcome) {
    case 'recorded':
      return [p.action === 'done' ? `已记录：${t.department} 完成 ${label}。` : `已记录进展：${t.department} 部分完成 ${label}。`, ...extra, ...early];
    case 'already-done':
      return [`${label} ${t.department}已确认完成（${by}），未改为部分完成。如需改为部分完成，请先发送“撤销 ${t.task.code}”。`];
    case 'updated': {
      // What the new words replaced is said, so a report meant as an addition is not lost unseen.
      const before = previous?.note && previous.note !== said ? previous.note : undefined;
      return [`已更新 ${t.department} ${label}的情况说明。`, ...extra,
        ...(before ? [`原说明“${before.length > 60 ? `${before.slice(0, 59)}…` : before}”已被本条替换。以后如要在原说明上补充，请以“补充”开头，如“完成 ${t.task.code} 补充：…”。`] : [])];
    }
    case 'supplemented':
      return [`已补充 ${t.department} ${label}的情况说明。`, ...extra];
    case 'unchanged':
      return [`${label} ${t.department}此前已确认${STATUS_WORDS[previous!.status]}（${by}），无需重复确认。`];
    case 'undone':
      return [`已撤销：${t.department} ${label}的${previous?.status === 'partial' ? '进展' : '完成'}确认，重新计为未完成。`];
    case 'reverted':
      return [`已撤销：${t.department} ${label}的完成确认，恢复为此前记录的部分完成${r.note ? `（${r.note}）` : ''}。`];
    case 'nothing-to-undo':
      return [`${label} ${t.department}还没有确认记录，无需撤销。`];
  }
}
