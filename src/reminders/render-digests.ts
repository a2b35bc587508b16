import { HOLIDAYS_IMPORT, PLANBOT } from '../core/invocation.js';
import { chineseDay, isoDay } from '../schedule/days.js';
import type { PlannedPush, PushItem } from './types.js';

export const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** One task window of an overdue list: its lines, the code it names, and whether it is last year's work. */
interface Entry {
  lines: string[];
  codes: string[];
  taskId: number;
  lastYear: boolean;
}

const pairKey = (i: PushItem) => `${i.taskId}:${i.windowIndex}:${i.departmentId}`;
const taskCount = (items: { taskId: number }[]) => new Set(items.map((i) => i.taskId)).size;

/** Lines of the overdue list grouped by task window: “K7Q2 组织职工疗休养（10月31日截止）” then who has not confirmed. */
function overdueLines(items: PushItem[], year: number): Entry[] {
  const groups = new Map<string, PushItem[]>();
  for (const i of items) {
    const k = `${i.taskId}:${i.windowIndex}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return [...groups.values()].map((g, n) => {
    const missing = g.filter((i) => !i.partial).map((i) => i.department);
    const partial = g.filter((i) => i.partial).map((i) => i.department);
    return {
      lines: [`${n + 1}. ${g[0]!.code} ${g[0]!.title}（${chineseDay(g[0]!.deadline, year)}截止）`,
        ...(missing.length ? [`   未确认：${missing.join('、')}`] : []),
        ...(partial.length ? [`   部分完成：${partial.join('、')}`] : [])],
      codes: [g[0]!.code],
      taskId: g[0]!.taskId,
      lastYear: g[0]!.deadline < isoDay(year, 1, 1),
    };
  });
}

/**
 * Adds entries while the text stays under `max`, then a line saying how many tasks were left out (`more`), counted
 * as the list's headline counts them: tasks, not windows, and none already `counted` (shown, or listed in an earlier
 * message), so what is shown and "另有 N 项" add up to the headline.
 */
function fitList(
  head: string[], entries: Entry[], tail: string[], max: number,
  more: (n: number, hidden: Entry[]) => string = (n) => `……另有${n}项`, counted: Set<number> = new Set(),
): { text: string; codes: string[] } {
  const body: string[] = [];
  const codes: string[] = [];
  const moreLine = (from: number) => {
    const shown = new Set([...counted, ...entries.slice(0, from).map((e) => e.taskId)]);
    const hidden = entries.slice(from);
    return more(new Set(hidden.filter((e) => !shown.has(e.taskId)).map((e) => e.taskId)).size || hidden.length, hidden);
  };
  for (const [i, g] of entries.entries()) {
    const rest = i + 1 < entries.length ? [moreLine(i + 1)] : [];
    if (bytes([...head, ...body, ...g.lines, ...rest, ...tail].join('\n')) > max) {
      body.push(moreLine(i));
      break;
    }
    body.push(...g.lines);
    codes.push(...g.codes);
  }
  return { text: [...head, ...body, ...tail].join('\n'), codes: unique(codes) };
}

export function overdueDigestText(push: PlannedPush, year: number, max: number) {
  // In early January it is last year's December work, which the chat gives for 2026年逾期 (逾期 is this year's).
  const ask = push.items.every((i) => i.deadline < isoDay(year, 1, 1)) ? `“${year - 1}年逾期”` : '“逾期”';
  return fitList(
    [`【逾期汇总${push.late ? '·补发' : ''}】${chineseDay(push.day, year, true)}`, '以下任务已过截止日期，相关部门尚未确认完成：'],
    overdueLines(push.items, year),
    [push.unbound?.length
      ? `已提醒有工作群的部门；${push.unbound.join('、')}没有绑定工作群，收不到提醒，请另行通知。@我发送${ask}可查看全部。`
      : `已分别提醒各部门。@我发送${ask}可查看全部。`],
    max,
  );
}

/**
 * 【每周进度】. Its overdue count is the chat's (逾期): tasks, this year's, and in January last year's plan's too.
 * When the 【逾期汇总】 of the same fire went to the same group just before it, the windows listed there are not
 * listed again, only counted and pointed to: two messages with one list is a wall of text on a phone.
 */
export function weeklyText(push: PlannedPush, year: number, max: number) {
  const d = push.digest!;
  const head = [`【每周进度】${chineseDay(push.day, year, true)}`];
  head.push(d.month.tasks
    ? (d.month.pairs ? `本月任务${d.month.tasks}项，部门确认完成 ${d.month.done}/${d.month.pairs}` : `本月任务${d.month.tasks}项（计划未写明负责部门）`)
    : '本月没有按月安排的任务。');
  if (d.allYear.tasks) head.push(`全年任务${d.allYear.tasks}项，确认完成 ${d.allYear.done}/${d.allYear.pairs}`);

  const above = new Set((push.overdueAbove ?? []).map(pairKey));
  const listed = d.overdue.filter((i) => !above.has(pairKey(i)));
  const told = d.overdue.filter((i) => above.has(pairKey(i)));
  const tasks = taskCount(d.overdue);
  const lastYearTasks = taskCount(d.overdue.filter((i) => i.deadline < isoDay(year, 1, 1)));
  const whose = !lastYearTasks ? '' : lastYearTasks === tasks ? `${year - 1}年计划，` : `其中${year - 1}年计划${lastYearTasks}项，`;
  // A task of several departments is unconfirmed once per department: count departments, and those places.
  const count = `逾期未完成任务${tasks}项（${whose}涉及${new Set(d.overdue.map((i) => i.departmentId)).size}个部门，共${d.overdue.length}处未确认）`;
  if (!d.overdue.length) head.push(d.lastYearOverdue ? `${year}年目前没有逾期未完成的任务。` : '目前没有逾期未完成的任务。');
  else if (!told.length) head.push(`${count}：`);
  else if (!listed.length) head.push(`${count}，明细见上条【逾期汇总】。`);
  else head.push(`${count}。其中今日新逾期的${taskCount(told)}项见上条【逾期汇总】，此前已逾期的如下：`);

  const tail: string[] = [];
  if (d.lastYearOverdue) tail.push(`${year - 1}年计划还有 ${d.lastYearOverdue} 项逾期未确认，@我发送“${year - 1}年逾期”查看。`);
  if (d.noPlanForYear) {
    tail.push(`提示：尚未导入${d.noPlanForYear}年的工作计划，以上为此前计划的情况。请工会办公室导入本年度计划（${PLANBOT} import 计划文件.docx），导入后即按新计划提醒。`);
  }
  if (d.unbound.length) tail.push(`未绑定群、收不到提醒的部门：${d.unbound.join('、')}`);
  for (const y of d.uncoveredYears) {
    tail.push(y === year
      ? `提示：尚未导入${y}年国务院放假安排，本年提醒暂按周一至周五并避开法定节日当天计算，调休上班日未计入；请管理员导入放假通知（${HOLIDAYS_IMPORT}）。`
      : `提示：${y}年的放假安排尚未导入。国务院办公厅通知发布后，请管理员导入（${HOLIDAYS_IMPORT}），明年的提醒才能避开假期、计入调休上班日。`);
  }
  tail.push('@我发送“进度”可查看详情。');
  // A list cut to fit a phone says so, with how to see the whole of it: 逾期 gives this year's, 2026年逾期 last year's.
  const seeAll = (n: number, hidden: Entry[]) => {
    const asks = [...(hidden.some((e) => !e.lastYear) ? ['“逾期”'] : []), ...(hidden.some((e) => e.lastYear) ? [`“${year - 1}年逾期”`] : [])];
    return `……另有${n}项未列出，@我发送${asks.join('和')}查看全部。`;
  };
  return fitList(head, overdueLines(listed, year), tail, max, seeAll, new Set(told.map((i) => i.taskId)));
}
