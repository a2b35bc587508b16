import { groupDepartment } from '../src/answers/scope-title.js';
import type { Pair } from '../src/confirmations/pairs.js';
import { loadPairs, scopePairs } from '../src/confirmations/progress.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import { formatYearMonths, type YearMonth } from '../src/query/time.js';

// "完成了几项", "完成多少", "几项完成了", "完成的有多少": a count asked for. 多少 must end the question or name a count
// (项/个/件), so "送清凉完成了多少人" is not read as one.
const COUNT = '(?:几|多少)(?:项|个|件|条|样)?(?:任务|工作|事)?';
const END = '(?:了|啦|呢|呀|啊)?[?？。!！\\s]*$';
const COUNTED = new RegExp(
  `(?:完成|办完|做完|办结|落实|干完|弄完|搞完)(?:了|的)?(?:有|是)?(?:几|多少)(?:项|个|件|条)`
  + `|(?:完成|办完|做完|办结|落实|干完|弄完|搞完)(?:了|的)?(?:有|是)?${COUNT}${END}`
  + `|(?:几|多少)(?:项|个|件|条)(?:任务|工作|事)?(?:已经?|都)?(?:完成|办完|做完|办结|落实)`,
);
/** "这个月比上个月多完成了几项": this month against the last. */
const COMPARED = /(?:这个?月|本月).*比.*(?:上个?月)|(?:上个?月).*比.*(?:这个?月|本月)/;

/**
 * "上个月完成了几项", "我们完成了几项？", "这个月比上个月多完成了几项": how many tasks were confirmed done, and by
 * which department. It goes before the confirmations: "完成了几项" reports nothing and must never record.
 */
export const doneCount = defineCommand({
  name: 'done-count',
  match: async (text, ctx) => {
    const t = text.normalize('NFKC');
    if (!COUNTED.test(t)) return null;
    const q = await ctx.query();
    if (q.codes.length) return null;
    return { q, compared: COMPARED.test(t) };
  },
  handle: async ({ q, compared }, ctx): Promise<CommandReply> => {
    const year = q.time.year;
    const { pairs } = await loadPairs(ctx.db, year, ctx.today, q.catalog);
    // In a department's own group, the count is its own unless every department is asked for (as 未完成 there).
    const own = groupDepartment(q, ctx.chat);
    const named = own ? [own] : q.departments;
    const departmentIds = named.length ? new Set(named.map((d) => d.id)) : undefined;
    const who = named.map((d) => d.name).join('、');
    const titled = (when: string) => [who, when].filter(Boolean).join(' ');
    const doneIn = (months?: YearMonth[]) => {
      const s = scopePairs(pairs, { today: ctx.today, year, months, departmentIds });
      return [...s.monthly, ...s.allYear].filter((p) => p.state === 'done');
    };
    const footer = ['发送“完成了哪些”查看明细。', own ? '发送“各部门完成了几项”查看所有部门。' : undefined].filter(Boolean).join('\n');

    if (compared) {
      const thisMonth = { year: ctx.today.year, month: ctx.today.month };
      const last = ctx.today.month === 1 ? { year: ctx.today.year - 1, month: 12 } : { year: ctx.today.year, month: ctx.today.month - 1 };
      const now = taskCount(doneIn([thisMonth]));
      const before = taskCount(doneIn([last]));
      const diff = now - before;
      const verdict = diff > 0 ? `多完成 ${diff} 项` : diff < 0 ? `少完成 ${-diff} 项` : '完成数量相同';
      // Counted by the plan's months: this month's tasks against last month's (whenever they were confirmed).
      return answer([
        `${titled(formatYearMonths([thisMonth]))}的任务已确认完成 ${now} 项，${formatYearMonths([last])}的任务已确认完成 ${before} 项，本月比上月${verdict}。`,
      ], { footer });
    }

    const months = q.time.months;
    const done = doneIn(months);
    // Months asked about are the plan's months: "2月的任务", so a June task confirmed in July is not counted as June's
    // work done in June.
    const scope = months ? `${formatYearMonths(months)}的任务` : `${year}年${year === ctx.today.year ? `（截至${ctx.today.month}月${ctx.today.day}日）` : ''}`;
    const n = taskCount(done);
    if (!n) {
      return answer(months ? `${titled(scope)}还没有一项确认完成。` : `${titled(scope)}还没有确认完成的任务。`,
        { footer: '发送“未完成”查看待完成的任务。' });
    }
    const lines = [`${titled(scope)}${months ? '已' : ''}确认完成 ${n} 项：${codes(done)}`];
    // The office's view: by department, so the chair sees who has done what.
    if (named.length !== 1) {
      const depts = new Map<string, Pair[]>();
      for (const p of done) depts.set(p.department, [...(depts.get(p.department) ?? []), p]);
      lines.push('按部门：', ...[...depts].map(([d, ps]) => `${d} ${taskCount(ps)} 项（${codes(ps)}）`));
    }
    return answer(lines, { footer, tasks: [...new Map(done.map((p) => [p.task.id, p.task])).values()] });
  },
});

const taskCount = (ps: Pair[]) => new Set(ps.map((p) => p.task.id)).size;
const codes = (ps: Pair[]) => [...new Set(ps.map((p) => p.task.code))].join('、');
