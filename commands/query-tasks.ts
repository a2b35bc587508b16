import { confirmationsOfTasks } from '../db/repositories/confirmations.js';
import { findMembersByName } from '../db/repositories/directory.js';
import { activeTaskByCode, unknownCodeText, type PlanTask } from '../db/repositories/tasks.js';
import { confirmerAndDay } from '../src/answers/progress-lines.js';
import { departmentIdMap, taskPairs } from '../src/confirmations/pairs.js';
import { officeDepartment } from '../db/repositories/departments.js';
import { withOwners } from '../src/confirmations/progress.js';
import { confirmableWindows, windowStarted, windowText } from '../src/confirmations/windows.js';
import { withdrawnOnly } from '../src/query/catalog.js';
import { scopeNotes, scopeText } from '../src/answers/scope-title.js';
import { closestTasks } from '../src/answers/suggestions.js';
import { departmentsText, shortTitle, summaryLine, taskLine, whenText, whenWithNote } from '../src/answers/task-lines.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import type { ParsedQuery } from '../src/query/parse-query.js';
import { comingTurn, formatYearMonths } from '../src/query/time.js';
import { selectionTasks, selectTasks, type Selection } from '../src/query/select-tasks.js';

/** Above this many dated tasks, an answer groups them by months instead of one line each. */
const DETAILED_MAX = 12;
const DETAIL_CHARS = 300;

/** "本月任务", "组织人事处有哪些任务", "九月份", "送清凉", "K7Q2": lists the tasks a question is about. */
export const queryTasks = defineCommand({
  name: 'query-tasks',
  match: async (_text, ctx) => {
    const q = await ctx.query();
    if (q.codes.length || q.time.mentioned || q.departments.length || q.ownUnbound || q.asksGoals) return q;
    // Asked for tasks about something the plan does not have: say so (a "when" question goes to when.ts).
    if (q.keywords.length) return selectionTasks(selectTasks(q)).length || (q.asksTasks && !q.asksWhen) ? q : null;
    return q.asksTasks ? q : null;
  },
  handle: async (asked, ctx) => {
    if (asked.codes.length) return byCode(asked.codes, asked, ctx);
    const person = await personAsked(asked, ctx);
    const q = person?.q ?? asked;
    const notes = person ? [person.note] : [];
    const ahead = await comingYear(q, ctx);
    return ahead ? list(ahead.q, ctx, [...notes, ahead.note]) : list(q, ctx, notes);
  },
});

/**
 * "李处长负责哪些", "赵主席负责什么工作": a person of the directory named as the only subject of a question about tasks
 * means that person's department (a task is given to departments, not people).
 */
async function personAsked(q: ParsedQuery, ctx: CommandContext): Promise<{ q: ParsedQuery; note: string } | undefined> {
  return q.asksTasks ? personsDepartment(q, ctx) : undefined;
}

/**
 * The question with its only subject, a person of the directory ("赵主席那边进度咋样"), read as that person's
 * department, and a note saying so; undefined when the subject is not a person.
 */
export async function personsDepartment(q: ParsedQuery, ctx: CommandContext): Promise<{ q: ParsedQuery; note: string } | undefined> {
  if (q.departments.length || q.keywords.length !== 1 || q.codes.length) return undefined;
  const name = q.keywords[0]!;
  const [person] = await findMembersByName(ctx.db, ctx.message.platform, name, ctx.message.chatId);
  const dept = person?.name === name ? q.catalog.departments.find((d) => d.id === person.departmentId) : undefined;
  if (!dept) return undefined;
  return {
    q: { ...q, keywords: [], departments: [{ id: dept.id, name: dept.name, start: 0, end: 0, via: 'name' }] },
    note: `（任务按部门安排，以下是${name}所在的${dept.name}的任务。）`,
  };
}

async function byCode(codes: string[], q: ParsedQuery, ctx: CommandContext): Promise<CommandReply> {
  const lines: string[] = [];
  const found: PlanTask[] = [];
  for (const code of codes.slice(0, 5)) {
    const t = await activeTaskByCode(ctx.db, code);
    if (!t) { lines.push(await unknownCodeText(ctx.db, code)); continue; }
    found.push(t);
    // The detail is the source paragraph: worth showing only when it says more than the title and the
    // table cells (a table row's detail is just its cells). A long one is cut at a character count: it is
    // a preview, the plan document is the reference.
    const chars = [...t.detail];
    const detail = chars.length > [...t.title].length + 20
      ? [`内容：${chars.length > DETAIL_CHARS ? `${chars.slice(0, DETAIL_CHARS).join('')}…` : t.detail}`] : [];
    // Work the plan gives no department is the office's to confirm (see loadPairs): said here, as the standing
    // below names it.
    const office = t.departments.length ? undefined : await officeDepartment(ctx.db);
    lines.push(
      `${t.code} ${t.title}`,
      `时间：${whenWithNote(t)}`,
      `负责：${office ? `${office.name}（计划未注明部门，由工会办公室确认）` : departmentsText(t)}${t.departments.length > 1 ? `（${t.departments[0]}牵头）` : ''}`,
      `计划：${t.planTitle}${t.kind === 'goal' ? '（年度工作目标）' : ''}`,
      ...detail,
      ...(await standing(t, office, q, ctx)),
    );
  }
  return answer(lines, { tasks: found });
}

/**
 * Where a task stands, per responsible department, in each of its windows that has begun: who confirmed it and
 * when, with what they reported; or still open (overdue once the window is over). A branch head asking about
 * one task by its code wants to know whether it is done. `office`: the office's department, for work the plan gives
 * no department (see loadPairs); undefined otherwise.
 */
async function standing(
  t: PlanTask, office: { id: number; name: string } | undefined, q: ParsedQuery, ctx: CommandContext,
): Promise<string[]> {
  if (!t.departments.length && !office) return [];
  const records = (await confirmationsOfTasks(ctx.db, [t.id])).filter((r) => r.status !== 'undone');
  // The same pairs and states as the progress views, for the windows that have begun, and those confirmed ahead.
  const pairs = taskPairs([withOwners(t, office)], records, departmentIdMap(q.catalog.departments), ctx.today)
    .filter((p) => windowStarted(p.window, ctx.today) || p.confirmation);
  const windows = confirmableWindows(t);
  if (!pairs.length) return [`完成情况：${windowText(windows[0]!, t.planYear)}开始，还没到时间`];
  const lines = ['完成情况：'];
  for (const p of pairs) {
    const label = windows.length > 1 ? `${windowText(p.window, t.planYear)} ` : '';
    const r = p.confirmation;
    if (!r) {
      lines.push(`${label}${p.department}：${p.state === 'overdue' ? '未确认，已逾期' : '未确认'}`);
      continue;
    }
    const ahead = windowStarted(p.window, ctx.today) ? '' : `，${windowText(p.window, t.planYear)}开始，已提前确认`;
    lines.push(`${label}${p.department}：${r.status === 'done' ? '已完成' : '部分完成'}（${confirmerAndDay(r, ctx.today.year, '，')}）${r.note ? `，${r.note}` : ''}${ahead}`);
  }
  // One department, one window: a single line.
  return lines.length === 2 ? [`完成情况：${lines[1]}`] : lines;
}

/**
 * At the year's end, work asked about by months already over this year and named without a year ("1月份有什么任务",
 * "第一季度任务" in late December) is next year's, when next year's plan is imported: that is the work ahead.
 */
async function comingYear(q: ParsedQuery, ctx: CommandContext): Promise<{ q: ParsedQuery; note: string } | undefined> {
  const ahead = comingTurn(q.time, ctx.today);
  if (!ahead || !q.catalog.planYears.includes(ahead.year)) return undefined;
  const { months } = q.time;
  return {
    q: { ...q, time: ahead, catalog: await ctx.catalog(ahead.year) },
    note: `（${formatYearMonths(months!)}已过，以下是${formatYearMonths(ahead.months!)}的安排；加上年份（如“${q.time.year}年${months![0]!.month}月”）可查看今年的。）`,
  };
}

function list(query: ParsedQuery, ctx: CommandContext, extraNotes: string[] = []): CommandReply {
  // A bare "有哪些任务" means this month: a whole year in one message is not readable on a phone.
  const bare = !query.time.mentioned && !query.departments.length && !query.keywords.length && !query.asksGoals;
  const q: ParsedQuery = bare
    ? { ...query, time: { ...query.time, months: [{ year: ctx.today.year, month: ctx.today.month }], mentioned: true } }
    : query;
  const s = selectTasks(q);
  const tasks = selectionTasks(s);
  const notes = [...extraNotes, ...scopeNotes(q, s)];
  const scope = scopeText(q, s);
  if (s.keywordMiss) {
    const near = closestTasks(q, s.year);
    return answer([
      `${scope}没有找到相关任务。`,
      ...notes,
      ...(near.length ? ['您可能想找：', ...near.map(taskLine)] : []),
    ], { footer: '可换个说法，或发送“帮助”查看示例。', tasks: near });
  }
  if (!tasks.length && s.months && !s.fellBack && undatedPlan(q, s.year)) {
    // A plan of yearly aims (工作要点) names no months at all: a month question gets the year's work instead
    // of "nothing this month, ask about another month", which no month would answer.
    const year = selectTasks({ ...q, time: { year: s.year, yearNamed: true, mentioned: true } });
    const all = selectionTasks(year);
    return answer([`${s.year}年的工作计划没有写明各项工作的月份，以下是全年的工作：`, ...body(year, q.asksGoals)], {
      title: `${s.year}年的任务（${all.length} 项）`, footer: '发送任务编号可查看详情。', tasks: all,
    });
  }
  if (!tasks.length) {
    // A year whose plan was withdrawn is not a year without work: the note that says so stands alone.
    const withdrawn = !s.fellBack && withdrawnOnly(q.catalog, s.year).length > 0;
    return answer(withdrawn ? notes.map((n) => n.replace(/^（(.*)）$/, '$1')) : [`${scope}没有安排任务。`, ...notes], {
      footer: q.catalog.planYears.length ? '可以问问其他月份，或发送“帮助”查看示例。' : '请工会办公室先导入本年度工作计划。',
    });
  }
  // A month with nothing of its own: the title says so, and the body offers the all-year work instead.
  const nothingOwn = !s.dated.length && !!s.months && !q.asksGoals;
  return answer([...notes, ...body(s, q.asksGoals)], {
    title: nothingOwn ? `${scope}没有专门安排的任务` : `${scope}的任务（${tasks.length} 项）`,
    footer: bare ? '发送任务编号查看详情；问“全年任务”可看全年安排。' : '发送任务编号可查看详情。',
    tasks,
  });
}

/** The plan of `year` has tasks, and none of them is tied to a month (or to 全年). */
function undatedPlan(q: ParsedQuery, year: number): boolean {
  const tasks = q.catalog.tasks.filter((t) => t.planYear === year);
  return tasks.length > 0 && !tasks.some((t) => t.kind === 'scheduled' && t.windows.length);
}

/**
 * The first non-empty group (month-specific, else all-year, else undated, else goals) is shown one line per
 * task; the groups after it are summarised with codes, so goals never drown out scheduled work.
 */
function body(s: Selection, goalsFirst = false): string[] {
  const groups: [string, PlanTask[]][] = [
    ['按月安排的任务', s.dated], ['全年任务', s.allYear], ['未注明时间的任务', s.undated], ['年度工作目标', s.goals],
  ];
  // Asked for the yearly aims (年度目标, 工作要点): those, in full, before the rest.
  const lead = goalsFirst && s.goals.length ? 3 : groups.findIndex(([, ts]) => ts.length);
  const lines: string[] = [];
  if (lead > 0 && s.months && !goalsFirst) lines.push(`以下是${groups[lead]![0]}（${groups[lead]![1].length} 项）：`);
  groups.forEach(([label, ts], i) => {
    if (!ts.length) return;
    if (i !== lead) lines.push(summaryLine(label, ts, label === '年度工作目标' ? 5 : 8));
    else if (ts.length <= DETAILED_MAX) lines.push(...ts.map(taskLine));
    else if (i === 0) lines.push(...byMonths(ts));
    else lines.push(...ts.map((t) => `${t.code} ${shortTitle(t.title, 20)}`));
  });
  return lines;
}

/** Many dated tasks, grouped by their months as written, in first-month order: "7-8月：K7Q2 送清凉高温慰问；…". */
function byMonths(tasks: PlanTask[]): string[] {
  const groups = new Map<string, PlanTask[]>();
  for (const t of tasks) groups.set(whenText(t), [...(groups.get(whenText(t)) ?? []), t]);
  return [...groups].map(([when, ts]) => `${when}：${ts.map((t) => `${t.code} ${shortTitle(t.title)}`).join('；')}`);
}
