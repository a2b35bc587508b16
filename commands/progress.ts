import type { PlanTask } from '../db/repositories/tasks.js';
import { byTaskWindow, departmentLine, doneLines, otherMonthsLines, outstandingLines, splitOtherMonths, taskStatusLines } from '../src/answers/progress-lines.js';
import { closestTasks } from '../src/answers/suggestions.js';
import { groupDepartment } from '../src/answers/scope-title.js';
import { taskLine } from '../src/answers/task-lines.js';
import { pairInMonths, type Pair } from '../src/confirmations/pairs.js';
import { byDepartment, isOutstanding, loadPairs, scopePairs } from '../src/confirmations/progress.js';
import { currentWindowIndex, windowDeadline } from '../src/confirmations/windows.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import type { ParsedQuery } from '../src/query/parse-query.js';
import { selectionTasks, selectTasks } from '../src/query/select-tasks.js';
import { formatYearMonths, latestBegun } from '../src/query/time.js';
import { withdrawnOnly } from '../src/query/catalog.js';
import { withdrawnYearNote } from '../src/answers/withdrawn.js';
import { personsDepartment } from './query-tasks.js';

type View = 'overview' | 'outstanding' | 'overdue' | 'done' | 'tasks';

/** "哪些已经完成了", "完成了哪些", "已完成的任务": the work confirmed done, by task. */
const DONE = /(?:哪些|什么)(?:任务|工作|事)?(?:已经|已|都)?(?:完成|做完|办完|落实)|(?:完成|做完|办完)了(?:哪些|什么)|已经?完成的(?:任务|工作|事)?(?:有)?(?:哪些|什么)?$/;
// "我还有什么没做", "还有啥没干的": what is left to do.
const LEFT = '(?:还有|还剩)(?:什么|啥|哪些|哪几项|几项)(?:事|任务|工作|活)?(?:没|未|要|需要)|没做|没有做|没干|没办';
// "完成没有", "弄好了没", "做了没", "搞了吗", "是不是已经完成了", "怎么样了": asked about one task's standing.
const ASKED = '(?:完成|办结|落实|报送|弄好|做好|办好|搞好|做完|弄完|搞完|办完|干完|结束)了?(?:没有?|吗|么|吧)|(?:做|搞|办|弄|干|报)了(?:没有?|吗|么)'
  + '|是不是(?:已经?)?(?:完成|做完|办完|搞完|弄好|落实)|怎么样了|咋样了|进展(?:如何|怎样|怎么样)?|情况(?:如何|怎样|怎么样)?[?？]?$'
  + '|(?:听说|据说).{0,20}(?:完成|结束|办完|搞完|做完)';
// "托管班完成了？", "托管班完成没有？": asked with a question mark only.
const ASKED_MARK = '(?:完成|办完|做完|弄完|搞完|弄好|办好|做好)了?[?？]$';
const STATUS = new RegExp(`${ASKED_MARK}|进度|完成情况|落实情况|确认情况|完成率|未完成|没完成|没有完成|尚未完成|未确认|没确认|逾期|超期|已完成|完成了吗|完成了没|${ASKED}|${LEFT}|${DONE.source}`);
/** What is left of such a question once the task's name is read: not a word of it. */
const STATUS_LEFTOVER = new RegExp(`^(?:是不是|已经?|都|弄|搞|做|办|干)*(?:${ASKED}|(?:完成|做完|办完|落实|弄好|搞完|完)了?(?:没有?|吗|么|吧)?|没有?(?:弄|做|办|干|搞)?(?:完成?|好))$`);
/** "托管班完成没", "托管班完成了": a task's name with the question read into the same word. */
const ASKED_TAIL = /^(.{2,}?)(?:已经?|都)?(?:完成|做完|办完|弄完|搞完|弄好|办好|做好)了?(?:没有?|吗|么)?$/;
const OUTSTANDING = new RegExp(`未完成|没完成|没有完成|尚未完成|还没|未确认|没确认|没有确认|${LEFT}`);
const OVERDUE = /逾期|超期|过期/;
const UNBOUND = '（本群还没有绑定部门，以下是各部门的情况。管理员可在群里发送“绑定 部门名称”。）';

/**
 * "进度", "完成情况 7月 组织人事处", "我们的进度", "未完成", "逾期", "送清凉完成了吗": who has confirmed what.
 * Without a month it is this month (plus this year's earlier windows still unconfirmed); a task named by
 * words or code is shown per department for its current window.
 */
export const progress = defineCommand({
  name: 'progress',
  match: async (text, ctx) => {
    const t = text.normalize('NFKC');
    if (!STATUS.test(t)) return null;
    const q = await ctx.query();
    // 完成 / 已经完成 left over from "哪些已经完成了", 完成没有 from "五一表彰完成没有", name no task.
    const subject = q.keywords.filter((k) => !STATUS_LEFTOVER.test(k)).map((k) => ASKED_TAIL.exec(k)?.[1] ?? k);
    const view: View = q.codes.length || subject.length ? 'tasks'
      : OVERDUE.test(t) ? 'overdue' : OUTSTANDING.test(t) ? 'outstanding' : DONE.test(t) ? 'done' : 'overview';
    // The status words left among the keywords are not words of a task's title.
    return { q: subject.join() === q.keywords.join() ? q : { ...q, keywords: subject }, view };
  },
  handle: async ({ q: said, view: read }, ctx): Promise<CommandReply> => {
    // "赵主席那边进度咋样": a person's progress is their department's.
    const person = read === 'tasks' ? await personsDepartment(said, ctx) : undefined;
    const asked = person?.q ?? said;
    const view: View = person ? 'overview' : read;
    // Progress is about what has happened: 12月 asked in January is the December just over (when that year has a
    // plan; with none, the months ahead are answered as before, as not started yet).
    const begun = latestBegun(asked.time, ctx.today);
    const earlier = begun !== asked.time && (asked.catalog.planYears.includes(begun.year)
      || !!asked.catalog.withdrawn?.some((p) => p.year === begun.year));
    const q = earlier ? { ...asked, time: begun, catalog: await ctx.catalog(begun.year) } : asked;
    const year = q.time.year;
    // How a hint names the year asked about: 全年 is this year's, so another year is named.
    const whole = year === ctx.today.year ? '全年' : `${year}年`;
    const { catalog, pairs } = await loadPairs(ctx.db, year, ctx.today, q.catalog);
    // In a department's own group, the lists of work still owed are that department's unless every department is
    // asked for: a branch head asking 未完成 there means their own (进度 stays the overview of all).
    const own = view === 'outstanding' || view === 'overdue' ? groupDepartment(q, ctx.chat) : undefined;
    const named = own ? [own] : q.departments;
    const departmentIds = named.length ? new Set(named.map((d) => d.id)) : undefined;
    const who = named.map((d) => d.name).join('、');
    const everyone = own ? `发送“各部门${view === 'overdue' ? '逾期' : '未完成'}”查看所有部门。` : undefined;
    const notes = [...(q.ownUnbound ? [UNBOUND] : []), ...(person ? [person.note.replace(/的任务。）$/, '的情况。）')] : [])];
    if (earlier) {
      notes.push(`（${formatYearMonths(asked.time.months!)}尚未开始，以下是${formatYearMonths(begun.months!)}的情况。）`);
    }
    // A year whose plans were all withdrawn has no tasks in the answers: said, never read as "all done" or "no work".
    const gone = withdrawnOnly(catalog, year);
    const withdrawn = gone.length ? withdrawnYearNote(year, gone) : undefined;

    if (view === 'tasks') {
      let tasks: PlanTask[];
      if (q.codes.length) tasks = catalog.tasks.filter((t) => q.codes.includes(t.code));
      else {
        const s = selectTasks(q);
        tasks = s.keywordMiss ? [] : selectionTasks(s);
      }
      if (!tasks.length) {
        const near = closestTasks(q, year);
        return answer([
          `没有找到“${[...q.codes, ...q.keywords].join(' ')}”相关的任务。`,
          ...(near.length ? ['您可能想找：', ...near.map(taskLine)] : []),
        ], { footer: '发送“进度”查看本月各部门完成情况。', tasks: near });
      }
      const ids = new Set(tasks.map((t) => t.id));
      const months = q.time.months && new Set(q.time.months.map((m) => m.year * 12 + m.month));
      const chosen = pairs.filter((p) => ids.has(p.task.id) && (!departmentIds || departmentIds.has(p.departmentId))
        && (months ? pairInMonths(p, months) : p.windowIndex === currentWindowIndex(p.task, ctx.today)));
      const lines: string[] = [];
      const shown = tasks.slice(0, 5);
      for (const t of shown) {
        const ps = chosen.filter((p) => p.task.id === t.id);
        if (ps.length) lines.push(...taskStatusLines(ps, ctx.today.year));
        else lines.push(`${t.code} ${t.title}：计划中没有写明负责部门，不按部门确认`);
      }
      if (tasks.length > shown.length) lines.push(`……另有 ${tasks.length - shown.length} 项，请说得更具体一些。`);
      return answer([...notes, ...lines], { footer: '负责人可回复“完成 编号”确认完成。', tasks: shown });
    }

    // Overdue work is chased across the year, and done work listed for it; the other views default to this month.
    const months = q.time.months ?? (q.time.mentioned || view === 'overdue' || view === 'done' ? undefined
      : [{ year: ctx.today.year, month: ctx.today.month }]);
    const when = months ? formatYearMonths(months) : `${year}年`;
    const scope = [who, when].filter(Boolean).join(' ');
    const s = scopePairs(pairs, { today: ctx.today, year, months, departmentIds });
    const tasksOf = (ps: Pair[]) => [...new Map(ps.map((p) => [p.task.id, p.task])).values()];
    // A task due twice (7月、12月) is listed once per window: said, or the count and the list disagree.
    const counted = (ps: Pair[]) => {
      const count = tasksOf(ps).length;
      const entries = byTaskWindow(ps).length;
      return `${count} 项${entries > count ? `，共 ${entries} 次` : ''}`;
    };

    if (view === 'done') {
      // The year so far unless a month was asked: what has been confirmed, task by task, and by whom.
      const done = [...s.monthly, ...s.otherMonths, ...s.allYear].filter((p) => p.state === 'done');
      if (!done.length) {
        return answer([...notes, withdrawn ?? `${scope}还没有确认完成的任务。`], { footer: '发送“未完成”查看待完成的任务。' });
      }
      const lines = doneLines(done, ctx.today.year);
      return answer([...notes, ...lines.slice(0, 15), ...(lines.length > 15 ? [`……另有 ${lines.length - 15} 项，请加上月份或部门缩小范围。`] : []),
        ...(withdrawn ? [withdrawn] : [])], {
        title: `${scope}已完成（${counted(done)}）`, footer: '发送任务编号可查看详情。', tasks: tasksOf(done),
      });
    }

    // Early in a year, last year's plan may still have work owed: pointed to, since these views cover this year.
    const lastYear = async (): Promise<string[]> => {
      if (q.time.mentioned || ctx.today.month > 3 || year !== ctx.today.year) return [];
      // Windows that ended last year: one due in January of this year is this year's overdue work already.
      const before = (await loadPairs(ctx.db, year - 1, ctx.today)).pairs.filter((p) => p.task.planYear === year - 1
        && p.state === 'overdue' && windowDeadline(p.window) < `${year}-01-01` && (!departmentIds || departmentIds.has(p.departmentId)));
      const n = tasksOf(before).length;
      return n ? [`${year - 1}年计划还有 ${n} 项逾期未确认，发送“${who}${year - 1}年逾期”查看。`] : [];
    };

    if (view === 'outstanding' || view === 'overdue') {
      // Year-long work is still under way in any month: it is outstanding when the whole year is asked about.
      // Work of earlier months still owed is listed with the month's (the title says 及此前): it is what is chased.
      const list = (view === 'overdue' ? [...s.monthly, ...s.otherMonths, ...s.allYear].filter((p) => p.state === 'overdue')
        : [...s.monthly, ...s.otherMonths, ...(months ? [] : s.allYear)].filter(isOutstanding));
      const label = view === 'overdue' ? '逾期未确认' : '未完成';
      if (!list.length) {
        // Months still to come: nothing is owed yet, which is not the same as all done.
        const upcoming = new Set(s.monthly.filter((p) => p.state === 'upcoming').map((p) => p.task.id)).size;
        const none = upcoming
          ? `${scope}暂无未完成的任务：其中 ${upcoming} 项尚未开始，开始时会提醒负责部门。`
          : `${scope}的任务都已确认完成，或没有按月安排的任务。`;
        return answer([...notes, withdrawn ?? (view === 'overdue' ? `${scope}没有逾期未确认的任务。` : none),
          ...(view === 'outstanding' ? yearLongHint(s.allYear, who, whole) : []), ...await lastYear()],
          { footer: everyone ?? '发送“进度”查看各部门完成情况。' });
      }
      const yearLong = view === 'outstanding' && months ? yearLongHint(s.allYear, who, whole) : [];
      // One department's list is shown whole; the whole year's list of all departments is narrowed by department (a
      // month would leave its year-long work out).
      const one = departmentIds?.size === 1;
      // The example names a department of the list, not a placeholder.
      const more = view === 'outstanding' && !months ? `请加上部门缩小范围，如“${list[0]!.department}${whole}未完成”。` : undefined;
      return answer([...notes, ...outstandingLines(list, ctx.today.year, one ? 60 : 12, more, one), ...yearLong,
        ...(withdrawn ? [withdrawn] : []), ...await lastYear()], {
        // Work of earlier months still owed is listed with this month's: the title says so.
        title: `${scope}${months && list.some((p) => earlierThan(p, months)) ? '及此前' : ''}${label}（${counted(list)}）`,
        footer: ['负责人可回复“完成 编号”确认，或引用提醒回复“已完成”。', everyone].filter(Boolean).join('\n'), tasks: tasksOf(list),
      });
    }

    const depts = byDepartment(s.monthly);
    const lines = [...notes];
    if (!catalog.planYears.length && !withdrawn) return answer('还没有导入工作计划。请工会办公室先导入本年度计划。');
    if (!depts.length) lines.push(withdrawn ?? `${scope}没有按月安排、写明负责部门的任务。`);
    else {
      const done = s.monthly.filter((p) => p.state === 'done').length;
      const due = s.monthly.filter((p) => p.state !== 'upcoming').length;
      lines.push(`共 ${tasksOf(s.monthly).length} 项任务，${due ? `部门确认完成 ${done}/${due}` : '均未开始'}：`);
      lines.push(...depts.map(departmentLine));
      if (departmentIds?.size === 1 && s.monthly.some(isOutstanding)) lines.push(...outstandingLines(s.monthly.filter(isOutstanding), ctx.today.year, 6, undefined, true));
    }
    // Other months' work (earlier work still owed, work confirmed this month for other months): apart from the
    // month's figures, as the CLI's progress shows it.
    if (months) lines.push(...otherMonthsLines(splitOtherMonths(s.otherMonths, months), departmentIds?.size === 1 ? ctx.today.year : undefined));
    if (s.allYear.length) {
      const done = s.allYear.filter((p) => p.state === 'done').length;
      lines.push(`全年任务 ${tasksOf(s.allYear).length} 项：部门确认完成 ${done}/${s.allYear.length}`);
      // A department's own view: what it still owes of the year-long work (listed when there is no monthly work,
      // as in a plan of 工作要点 goals; else pointed to).
      const owed = s.allYear.filter(isOutstanding);
      // Monthly work in view: the month's own, or other months' shown above.
      const monthly = depts.length > 0 || s.otherMonths.length > 0;
      // The office's view of a plan with no monthly work: who stands where on the year-long work.
      if (!departmentIds && !monthly) lines.push(...byDepartment(s.allYear).map(departmentLine));
      if (departmentIds?.size === 1 && !monthly && owed.length) {
        lines.push(...outstandingLines(owed, ctx.today.year, 6, `发送“${who}${whole}未完成”查看全部。`, true));
      } else if (departmentIds?.size === 1) lines.push(...yearLongHint(s.allYear, who, whole));
    }
    if (withdrawn && depts.length) lines.push(withdrawn);
    lines.push(...await lastYear());
    return answer(lines, {
      title: `${scope}完成情况`, footer: '发送“未完成”查看明细，“逾期”查看逾期任务。', tasks: tasksOf([...s.monthly, ...s.otherMonths, ...s.allYear]),
    });
  },
});

/** A window that ended before the first of the months asked about. */
const earlierThan = (p: Pair, months: { year: number; month: number }[]) =>
  p.window.endYear * 12 + p.window.endMonth < Math.min(...months.map((m) => m.year * 12 + m.month));

/** "全年工作还有 3 项未确认完成，发送“宣传部全年未完成”查看。" when year-long work is outstanding. */
function yearLongHint(allYear: Pair[], who: string, whole = '全年'): string[] {
  const n = new Set(allYear.filter(isOutstanding).map((p) => p.task.id)).size;
  return n ? [`全年工作还有 ${n} 项未确认完成，发送“${who}${whole}未完成”查看。`] : [];
}
