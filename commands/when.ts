import type { PlanTask } from '../db/repositories/tasks.js';
import { officeDepartment } from '../db/repositories/departments.js';
import { scopeNotes } from '../src/answers/scope-title.js';
import { closestTasks } from '../src/answers/suggestions.js';
import { departmentsText, whenWithNote } from '../src/answers/task-lines.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import type { ParsedQuery } from '../src/query/parse-query.js';
import { coveredMonths, selectionTasks, selectTasks, type Selection } from '../src/query/select-tasks.js';
import { comingTurn, formatYearMonths, type TimeQuery } from '../src/query/time.js';
import { windowDeadline } from '../src/confirmations/windows.js';
import { chineseDay } from '../src/schedule/days.js';

const MAX_ITEMS = 8;

/**
 * Which turn of the work an answer gives: as asked (`now`); next year's, the work having passed this year
 * (`ahead`); or this year's though it has passed, next year's not being in an imported plan (`past`). The last two
 * name the year with the months, so the clerk cannot take last January for the coming one.
 */
type Turn = 'now' | 'ahead' | 'past';

/** "送清凉什么时候", "疗休养安排在几月": answers with the months of the matching tasks. */
export const whenCommand = defineCommand({
  name: 'when',
  match: async (_text, ctx) => {
    const q = await ctx.query();
    return q.asksWhen && !q.time.months && (q.keywords.length > 0 || q.departments.length > 0) ? q : null;
  },
  handle: async (q, ctx): Promise<CommandReply> => {
    const s = selectTasks(q);
    // A festival the plan does not name answers with the tasks dated in its months, not the all-year ones.
    const tasks = s.festival ? s.dated : selectionTasks(s);
    const notes = scopeNotes(q, s);
    if (!tasks.length && s.festival && s.months) {
      return answer([...notes, `这期间计划中没有专门安排的任务。`], { footer: '可以问“全年任务”查看全部安排。' });
    }
    if (!tasks.length) {
      const near = closestTasks(q, s.year);
      return answer([
        `没有在${s.year}年的计划中找到“${q.keywords.join(' ') || q.departments.map((d) => d.name).join('、')}”相关的任务。`,
        ...notes,
        ...(near.length ? ['您可能想问：', ...near.map((t) => `· ${t.title}：${whenWithNote(t)}（${t.code}）`)] : []),
      ], { footer: '可换个说法再问，或发送“帮助”查看示例。', tasks: near });
    }
    // A festival's months (元宵 → 3月), else the months of the tasks found.
    const months = s.festival && s.months ? { ...q.time, months: s.months, calendarMonths: true as const } : monthsOf(tasks, s.year);
    const over = q.time.yearNamed || s.fellBack || s.year !== ctx.today.year ? undefined : comingTurn(months, ctx.today);
    if (!over) return render(tasks, s, notes, 'now', ctx);
    // Late in the year, work that is over this year ("春节慰问" asked in December): the clerk means its coming turn.
    const ahead = await nextYears(q, s, over.year, ctx);
    const past = formatYearMonths(months.months!);
    if (ahead) {
      return render(ahead.tasks, ahead.s, [...scopeNotes(ahead.q, ahead.s),
        `（${past}已过，以下是${over.year}年计划中的安排；问题里加上“${s.year}年”可查看今年的。）`], 'ahead', ctx);
    }
    const missing = q.catalog.planYears.includes(over.year)
      ? `（${over.year}年的计划中没有找到相关任务。）`
      : `（${over.year}年的工作计划尚未导入，导入后即可查询明年的安排。）`;
    return render(tasks, s, [...notes, missing], 'past', ctx);
  },
});

/** The months the tasks fall in, as a question naming them without a year; none when one runs all year or has no months. */
function monthsOf(tasks: PlanTask[], year: number): TimeQuery {
  const keys = tasks.some((t) => t.allYear || !t.windows.length) ? [] : [...new Set(tasks.flatMap(coveredMonths))].sort((a, b) => a - b);
  const months = keys.map((k) => ({ year: Math.floor(k / 12), month: (k % 12) + 1 }));
  return { year, yearNamed: false, mentioned: true, calendarMonths: true, ...(months.length ? { months } : {}) };
}

/** The same question asked of next year's plan: its tasks when that plan is imported and has them. */
async function nextYears(q: ParsedQuery, s: Selection, year: number, ctx: CommandContext) {
  if (!q.catalog.planYears.includes(year)) return undefined;
  const next: ParsedQuery = { ...q, time: { ...q.time, year }, catalog: await ctx.catalog(year) };
  const found = selectTasks(next);
  // Found the way this year's were: by their titles, or both by the festival's months (not one of each).
  if (found.keywordMiss || found.fellBack || Boolean(found.festival) !== Boolean(s.festival)) return undefined;
  const tasks = found.festival ? found.dated : selectionTasks(found);
  return tasks.length ? { q: next, s: found, tasks } : undefined;
}

/** "体检什么时候截止": asked about its deadline, a dated task's answer names the day (each time's last day). */
function deadlineLine(t: PlanTask, ctx: CommandContext): string[] {
  if (!ASKS_DEADLINE.test(ctx.text) || !t.windows.length) return [];
  // Year-round work is confirmed by the year's end.
  if (t.allYear) return [`截止日期：${chineseDay(windowDeadline(t.windows.at(-1)!), ctx.today.year)}（全年任务，年底前确认完成）。`];
  return [`截止日期：${t.windows.map((w) => chineseDay(windowDeadline(w), ctx.today.year)).join('、')}。`];
}
const ASKS_DEADLINE = /截止|到期|期限/;

async function render(tasks: PlanTask[], s: Selection, notes: string[], turn: Turn, ctx: CommandContext): Promise<CommandReply> {
  // Another turn than the one asked about names its year: "2027年1-2月", "2026年1-2月，今年的已过".
  const when = (t: PlanTask) => {
    if (turn === 'now') return whenWithNote(t);
    const w = whenWithNote(t);
    return `${/^\d{4}年/.test(w) ? '' : `${t.planYear}年`}${w}${turn === 'past' ? '，今年的已过' : ''}`;
  };
  if (tasks.length === 1 && !s.festival) {
    const t = tasks[0]!;
    // Work the plan gives no department is the office's to confirm: named, as its standing names it.
    const office = t.departments.length ? undefined : await officeDepartment(ctx.db);
    const lines = [`${t.title}：${when(t)}。`, ...deadlineLine(t, ctx),
      `编号 ${t.code}｜负责：${office ? `${office.name}（计划未注明部门）` : departmentsText(t)}`];
    // Another turn's note comes first: it says which year the line is about.
    return answer(turn === 'now' ? [...lines, ...notes] : [...notes, ...lines], { tasks });
  }
  const shown = tasks.slice(0, MAX_ITEMS);
  const lines = shown.map((t) => `· ${t.title}：${when(t)}（${t.code}｜${departmentsText(t)}）`);
  if (tasks.length > shown.length) lines.push(`……另有 ${tasks.length - shown.length} 项，请说得更具体一些。`);
  // With a festival fallback, or another turn, the note must come before the list it explains.
  const found = `找到 ${tasks.length} 项相关任务`;
  const title = s.festival ? undefined
    : turn === 'ahead' ? `${tasks[0]!.planYear}年计划中${found}：` : turn === 'past' ? `${found}，今年的都已过：` : `${found}：`;
  return answer(s.festival || turn !== 'now' ? [...notes, ...lines] : [...lines, ...notes], { title, tasks });
}
