import { byTaskWindow } from '../src/answers/progress-lines.js';
import { shortTitle } from '../src/answers/task-lines.js';
import type { Pair } from '../src/confirmations/pairs.js';
import { loadPairs } from '../src/confirmations/progress.js';
import { windowDeadline } from '../src/confirmations/windows.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import { windowDates } from '../src/reminders/plan-reminders.js';
import { DEFAULT_REMINDER_SETTINGS } from '../src/reminders/settings.js';
import { addDays, chineseDay, isoDay, lastDayOfMonth, mondayOf, type IsoDay } from '../src/schedule/days.js';
import { loadWorkCalendar } from '../src/schedule/load-calendar.js';
import { formatYearMonths, type YearMonth } from '../src/query/time.js';

/** "截止", "到期", "快到期", "临近截止": a question about deadlines. */
const DEADLINE = /截止|到期|期限|deadline|ddl/i;
/** What a deadline question may say besides the department: its window and words of asking. */
const DEADLINE_WORDS = /临近|快要?|即将|马上|就要|将要|要|截止|到期|期限|日期|时间|最近|近期|今天|今日|明天|明日|后天|本周|这周|这个?星期|下周|下个?星期|本月|这个?月|下个?月|前|的|了|deadline|ddl/gi;

interface Range { from: IsoDay; to: IsoDay; label: string }

/**
 * "这周要截止的", "本周截止的任务", "临近截止", "快到期的任务", "明天截止的有哪些": the tasks whose deadline (the last
 * day of the window, as the 【临近截止】 reminder counts it) falls in the window asked about, with who has yet to
 * confirm. Without a window it is the reminder's own: the next few workdays.
 */
export const deadlines = defineCommand({
  name: 'deadlines',
  match: async (text, ctx) => {
    const t = text.normalize('NFKC');
    if (!DEADLINE.test(t)) return null;
    const q = await ctx.query();
    // "体检什么时候截止" names a task: that is a question about when (when.ts).
    if (q.codes.length || q.keywords.some((k) => k.replace(DEADLINE_WORDS, '').trim())) return null;
    return {
      t, departmentIds: q.departments.length ? new Set(q.departments.map((d) => d.id)) : undefined, year: q.time.year,
      // "9月截止的", "上个月到期的", "本季度截止的任务", "年底前要截止的": the months the question names.
      months: q.time.months,
    };
  },
  handle: async ({ t, departmentIds, months }, ctx): Promise<CommandReply> => {
    const today = isoDay(ctx.today.year, ctx.today.month, ctx.today.day);
    const cal = await loadWorkCalendar(ctx.db);
    const range = rangeAsked(t, today) ?? monthsAsked(months, ctx.today.year) ?? {
      // The nudge's window: deadlines whose 【临近截止】 day has come.
      from: today, to: soonest(today, cal), label: `近${DEFAULT_REMINDER_SETTINGS.nudgeWorkdays}个工作日内`,
    };
    const years = [...new Set([Number(range.from.slice(0, 4)), Number(range.to.slice(0, 4))])];
    const pairs: Pair[] = [];
    for (const y of years) {
      for (const p of (await loadPairs(ctx.db, y, ctx.today)).pairs) {
        if (p.task.kind === 'goal' || (departmentIds && !departmentIds.has(p.departmentId))) continue;
        if (!pairs.some((x) => x.task.id === p.task.id && x.windowIndex === p.windowIndex && x.departmentId === p.departmentId)) pairs.push(p);
      }
    }
    const due = pairs.filter((p) => windowDeadline(p.window) >= range.from && windowDeadline(p.window) <= range.to);
    const groups = byTaskWindow(due).sort((a, b) => windowDeadline(a[0]!.window).localeCompare(windowDeadline(b[0]!.window)));
    const footer = '负责人可回复“完成 编号”确认；发送“逾期”查看已逾期的任务。';
    if (!groups.length) {
      // Nothing due then: the next deadline still open is what the asker wants to know.
      const next = byTaskWindow(pairs.filter((p) => windowDeadline(p.window) > range.to && p.state !== 'done' && !p.yearLong))
        .sort((a, b) => windowDeadline(a[0]!.window).localeCompare(windowDeadline(b[0]!.window)));
      const first = next[0] && windowDeadline(next[0][0]!.window);
      const lines = [`${range.label}没有截止的任务。`];
      if (first) {
        const same = next.filter((g) => windowDeadline(g[0]!.window) === first);
        lines.push(`下一个截止日是${chineseDay(first, ctx.today.year)}：`, ...same.flatMap((g) => groupLines(g, ctx)));
      }
      return answer(lines, { footer, tasks: [] });
    }
    return answer(groups.flatMap((g) => groupLines(g, ctx)), {
      title: `${range.label}截止的任务（${groups.length} 项）`, footer, tasks: [...new Set(groups.map((g) => g[0]!.task))],
    });
  },
});

/** "G8R6 春节走访慰问…｜2月28日截止", then who has not confirmed it (or that all have). */
function groupLines(g: Pair[], ctx: CommandContext): string[] {
  const p = g[0]!;
  const line = `${p.task.code} ${shortTitle(p.task.title, 16)}｜${chineseDay(windowDeadline(p.window), ctx.today.year)}截止`;
  const missing = g.filter((x) => x.state !== 'done');
  const partial = missing.filter((x) => x.confirmation?.status === 'partial').map((x) => x.department);
  const open = missing.filter((x) => x.confirmation?.status !== 'partial').map((x) => x.department);
  return [
    line,
    ...(open.length ? [`  未确认：${open.join('、')}`] : []),
    ...(partial.length ? [`  部分完成：${partial.join('、')}`] : []),
    ...(missing.length ? [] : ['  已全部确认完成']),
  ];
}

/** The last deadline whose 【临近截止】 reminder has gone out by `today` (deadlines are month ends). */
function soonest(today: IsoDay, cal: Awaited<ReturnType<typeof loadWorkCalendar>>): IsoDay {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const end = lastDayOfMonth(y, m);
  const { nudge } = windowDates({ startYear: y, startMonth: m, endYear: y, endMonth: m }, DEFAULT_REMINDER_SETTINGS, cal);
  return nudge <= today ? end : addDays(today, -1);
}

/** The months a question names, first day to last ("9月", "2026年10-12月" when not this year's). */
function monthsAsked(months: YearMonth[] | undefined, thisYear: number): Range | undefined {
  if (!months?.length) return undefined;
  const first = months[0]!;
  const last = months.at(-1)!;
  const label = formatYearMonths(months);
  return {
    from: isoDay(first.year, first.month, 1), to: lastDayOfMonth(last.year, last.month),
    label: months.every((m) => m.year === thisYear) ? label.replace(`${thisYear}年`, '') : label,
  };
}

/** The days a question names: 今天, 明天, 本周, 下周, 本月, 下个月; undefined for "soon". */
function rangeAsked(t: string, today: IsoDay): Range | undefined {
  const day = (d: IsoDay) => chineseDay(d);
  const week = (monday: IsoDay, label: string): Range => {
    const sunday = addDays(monday, 6);
    return { from: monday < today ? today : monday, to: sunday, label: `${label}（${day(monday)}-${day(sunday)}）` };
  };
  if (/今天|今日/.test(t)) return { from: today, to: today, label: `今天（${day(today)}）` };
  if (/明天|明日/.test(t)) return { from: addDays(today, 1), to: addDays(today, 1), label: `明天（${day(addDays(today, 1))}）` };
  if (/后天/.test(t)) return { from: addDays(today, 2), to: addDays(today, 2), label: `后天（${day(addDays(today, 2))}）` };
  if (/下个?(?:周|星期|礼拜)/.test(t)) return week(addDays(mondayOf(today), 7), '下周');
  if (/(?:本|这个?)(?:周|星期|礼拜)/.test(t)) return week(mondayOf(today), '本周');
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  if (/下个?月/.test(t)) {
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    return { from: isoDay(ny, nm, 1), to: lastDayOfMonth(ny, nm), label: `${ny === y ? '' : `${ny}年`}${nm}月` };
  }
  if (/本月|这个?月/.test(t)) return { from: today, to: lastDayOfMonth(y, m), label: '本月' };
  return undefined;
}
