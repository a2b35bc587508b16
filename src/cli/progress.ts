import { departmentLine, otherMonthsLines, outstandingLines, splitOtherMonths } from '../answers/progress-lines.js';
import { ledgerRows } from '../confirmations/ledger.js';
import { byDepartment, endOfDay, isOutstanding, loadPairs, scopePairs } from '../confirmations/progress.js';
import { shanghaiDate, type CalendarDay } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { withDatabase, type CliIo } from './context.js';
import { NO_PLAN_YET, PLANBOT } from '../core/invocation.js';
import { withdrawnOnly } from '../query/catalog.js';
import { planTitles } from '../answers/withdrawn.js';

const usage = `${PLANBOT} progress [--month YYYY-MM] [--today YYYY-MM-DD] [--json]`;

/** `planbot progress`: per department, done / partial / open / overdue for a month (default: this month). */
export async function progressCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    month: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' },
  }, usage);
  if (positionals.length) throw new UserError('USAGE', `参数有误。用法：${usage}`);
  const today = values.today === undefined ? undefined : parseToday(values.today);
  const month = values.month === undefined ? undefined : parseMonth(values.month);
  return withDatabase(io, values.db, async (database, config) => {
    const day = today ?? shanghaiDate(new Date(), config.PLANBOT_TIMEZONE);
    const m = month ?? { year: day.year, month: day.month };
    // --today is a report as of the end of that day: confirmations recorded after it do not count yet.
    const asOf = today && endOfDay(today, config.PLANBOT_TIMEZONE);
    const { catalog, pairs } = await loadPairs(database.db, m.year, day, undefined, asOf);
    const scope = scopePairs(pairs, { today: day, year: m.year, months: [m] });
    const depts = byDepartment(scope.monthly);
    // Earlier work still owed and other months' work confirmed this month: apart from the month's figures.
    const others = splitOtherMonths(scope.otherMonths, [m]);
    const label = `${m.year}-${String(m.month).padStart(2, '0')}`;
    // The month's year has only withdrawn plans: their tasks are left out, which must not read as a month with no work.
    const gone = withdrawnOnly(catalog, m.year);
    const withdrawnLine = gone.length
      ? `${m.year}年的计划${planTitles(gone)}已撤下（${gone.map((p) => `#${p.id}`).join('、')}），进度中不含其任务，确认记录仍保留。`
        + `可用 ${PLANBOT} export --year ${m.year} --out ${m.year}年台账.xlsx 导出该年台账，或重新导入该计划文件恢复。`
      : undefined;
    if (values.json) {
      const codes = (ps: typeof scope.monthly) => [...new Set(ps.map((p) => p.task.code))];
      const items = (ps: typeof scope.monthly) => ledgerRows(catalog.tasks.filter((t) => ps.some((p) => p.task.id === t.id)), ps,
        config.PLANBOT_TIMEZONE).map((r) => ({
        code: r.code, title: r.title, window: r.window, department: r.department, role: r.role === '牵头' ? 'lead' : 'assist',
        status: r.state, who: r.who || null, when: r.when || null, note: r.note || null, figures: r.figures,
      }));
      io.out(JSON.stringify({
        month: label,
        today: `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`,
        departments: depts.map((d) => ({
          department: d.department, total: d.total, done: codes(d.done), partial: codes(d.partial), open: codes(d.open),
          overdue: codes(d.overdue), upcoming: codes(d.upcoming),
        })),
        items: items(scope.monthly),
        all_year: {
          tasks: new Set(scope.allYear.map((p) => p.task.id)).size, pairs: scope.allYear.length,
          done: scope.allYear.filter((p) => p.state === 'done').length,
        },
        withdrawn_plans: gone.map((p) => ({ id: p.id, title: p.title, year: p.year })),
        // Added (progress is not among the commands whose output design.md §7 fixes): what the text shows apart from
        // the month's figures; counts are tasks; items as above, every pair of those tasks' other windows in view.
        other_months: {
          overdue: codes(others.owed).length, made_good: codes(others.madeGood).length, done_early: codes(others.early).length,
          items: items(scope.otherMonths),
        },
      }, null, 2));
      return 0;
    }
    if (!catalog.planYears.length && !catalog.withdrawn?.length) {
      io.out(NO_PLAN_YET);
      return 0;
    }
    io.out(`${m.year}年${m.month}月完成情况（截至${day.year !== m.year ? `${day.year}年` : ''}${day.month}月${day.day}日）`);
    if (withdrawnLine) io.out(withdrawnLine);
    else if (!depts.length) io.out('本月没有按月安排、写明负责部门的任务。');
    for (const d of depts) io.out(departmentLine(d));
    const apart = otherMonthsLines(others);
    if (apart.length) {
      io.out('');
      for (const line of apart) io.out(line);
    }
    const outstanding = scope.monthly.filter(isOutstanding);
    if (outstanding.length) {
      io.out('');
      io.out('未完成明细：');
      for (const line of outstandingLines(outstanding, day.year, 100)) io.out(line);
    }
    if (others.owed.length) {
      io.out('');
      io.out('以前月份逾期未完成明细：');
      for (const line of outstandingLines(others.owed, day.year, 100)) io.out(line);
    }
    // Year-long work (全年 tasks, goals of a 工作要点), per department.
    if (scope.allYear.length) {
      const done = scope.allYear.filter((p) => p.state === 'done').length;
      io.out('');
      io.out(`全年任务 ${new Set(scope.allYear.map((p) => p.task.id)).size} 项：部门确认完成 ${done}/${scope.allYear.length}`);
      for (const d of byDepartment(scope.allYear)) io.out(departmentLine(d));
    }
    return 0;
  });
}

/** What is wrong with a --today value: not written as YYYY-MM-DD, or a day the calendar does not have (2026-02-30). */
export function todayProblem(s: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(s.trim())
    ? `--today 的日期不存在：${s.trim()}（请核对月份和日子）。`
    : `--today 应为 YYYY-MM-DD 格式的日期，例如 2026-07-10（收到 “${s}”）。`;
}

/** --today YYYY-MM-DD, for checking a past or future day. */
export function parseToday(s: string): CalendarDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new UserError('USAGE', todayProblem(s));
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function parseMonth(s: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{1,2})$/.exec(s.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new UserError('USAGE', `--month 应为 YYYY-MM 格式的月份，例如 2026-07（收到 “${s}”）。`);
  }
  return { year: Number(m[1]), month: Number(m[2]) };
}

