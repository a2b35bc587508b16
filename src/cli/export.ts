import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { plansOfYear, type PlanRow } from '../../db/repositories/plans.js';
import type { Database } from '../../db/client.js';
import { completionRate, dueCount, figureTotals, ledgerRows, RATE_NOTE, STATE_NAMES, type LedgerRow } from '../confirmations/ledger.js';
import { byDepartment, endOfDay, loadPairs } from '../confirmations/progress.js';
import { loadPlansCatalog } from '../query/catalog.js';
import { shanghaiDate } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { userPath, withDatabase, type CliIo } from './context.js';
import { parseToday } from './progress.js';
import { PLANBOT } from '../core/invocation.js';

const usage = `${PLANBOT} export --year <年份> --out <文件.xlsx> [--plan 计划编号] [--today YYYY-MM-DD]`;

export const LEDGER_HEADERS = ['编号', '任务', '时间', '部门', '分工', '状态', '确认人', '确认时间', '情况说明', '数据'];

/**
 * `planbot export --year 2026 --out 台账.xlsx`: the year's ledger as a workbook — one row per task window
 * and responsible department with its status, who confirmed it and when, the note and the figures; a
 * summary per department; and each department's figures that mean the same thing added up (figureTotals).
 */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    year: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' }, plan: { type: 'string' },
  }, usage);
  const year = Number(values.year);
  if (positionals.length || !values.year) throw new UserError('USAGE', `请用 --year 指定年份（如 2026）。用法：${usage}`);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new UserError('USAGE', `--year 应为 2000 至 2100 之间的年份，如 2026（收到 “${values.year}”）。`);
  }
  if (!values.out) throw new UserError('USAGE', `请用 --out 指定输出文件（.xlsx）。用法：${usage}`);
  if (!/\.xlsx$/i.test(values.out)) throw new UserError('USAGE', `输出文件应以 .xlsx 结尾（收到 “${values.out}”）。`);
  const planId = values.plan === undefined ? undefined : Number(values.plan.replace(/^[#＃]/, ''));
  if (planId !== undefined && (!Number.isInteger(planId) || planId <= 0)) {
    throw new UserError('USAGE', `--plan 应为计划编号（见 ${PLANBOT} plans 列出的 #编号），收到 “${values.plan}”。`);
  }
  const out = userPath(io, values.out);
  return withDatabase(io, values.db, async (database, config) => {
    const chosen = await ledgerPlans(database, year, planId);
    const today = values.today ? parseToday(values.today) : shanghaiDate(new Date(), config.PLANBOT_TIMEZONE);
    const catalog = await loadPlansCatalog(database.db, year, chosen.map((p) => p.id));
    // --today is a ledger as of the end of that day: confirmations recorded after it do not count yet.
    const asOf = values.today ? endOfDay(today, config.PLANBOT_TIMEZONE) : undefined;
    const { pairs } = await loadPairs(database.db, year, today, catalog, asOf);
    const tasks = catalog.tasks;
    const rows = ledgerRows(tasks, pairs, config.PLANBOT_TIMEZONE);
    const heading = {
      plans: chosen.map((p) => `${p.title.includes(String(p.year)) ? '' : `${p.year}年 `}${p.title}${p.status === 'withdrawn' ? '（已撤下）' : ''}`).join('、'),
      cutOff: `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
    };
    const workbook = buildWorkbook(year, heading, rows, byDepartment(pairs));
    try {
      await mkdir(path.dirname(out), { recursive: true });
      await workbook.xlsx.writeFile(out);
    } catch (err) {
      throw new UserError('USAGE', `无法写入文件 ${out}，请检查目录是否存在、是否有写入权限，或文件是否正被打开。`, { cause: err });
    }
    // A withdrawn plan's ledger is still the year's record (its confirmations are kept): exported, and said so.
    for (const p of chosen.filter((x) => x.status === 'withdrawn')) {
      io.out(`注意：计划 #${p.id}《${p.title}》已撤下，台账按该计划的任务和保留的确认记录导出。`
        + '群里的回答、提醒和进度不包含这些任务；重新导入该计划文件即可恢复。');
    }
    io.out(`已导出 ${year} 年工作台账：${rows.length} 行（${tasks.length} 项任务）→ ${out}`);
    return 0;
  });
}

/**
 * The plans a year's ledger is made of: the one asked for (--plan), else the year's active plans, else the year's
 * withdrawn plan (archived at year end, say) when it is the only one; several withdrawn plans are listed to choose from.
 */
async function ledgerPlans(database: Database, year: number, planId: number | undefined): Promise<PlanRow[]> {
  const all = await plansOfYear(database.db, year);
  if (planId !== undefined) {
    const p = all.find((x) => x.id === planId);
    if (!p) throw new UserError('NOT_FOUND', `${year}年没有编号为 ${planId} 的计划。可用 ${PLANBOT} plans 查看已导入的计划。`);
    if (p.status === 'superseded') {
      throw new UserError('NOT_FOUND', `计划 #${p.id}《${p.title}》已被新版本替代${p.supersededBy ? `（#${p.supersededBy}）` : ''}，`
        + `其任务和确认记录已转入新版本，请导出新版本${p.supersededBy ? `：--plan ${p.supersededBy}` : ''}。`);
    }
    return [p];
  }
  const active = all.filter((p) => p.status === 'active');
  if (active.length) return active;
  const withdrawn = all.filter((p) => p.status === 'withdrawn');
  if (!withdrawn.length) {
    throw new UserError('NOT_FOUND', `没有${year}年的生效计划，无法导出台账。可用 ${PLANBOT} plans 查看已导入的计划。`);
  }
  if (withdrawn.length > 1) {
    throw new UserError('USAGE', `${year}年的计划都已撤下：${withdrawn.map((p) => `#${p.id}《${p.title}》`).join('、')}。`
      + `请用 --plan 指定要导出哪一份，如：${PLANBOT} export --year ${year} --plan ${withdrawn.at(-1)!.id} --out ${year}年台账.xlsx`);
  }
  return withdrawn;
}

/** Title and cut-off rows come first: the column headers are on this row. */
export const HEADER_ROW = 3;

/** What the top of every sheet says: which plan(s) and year, and the day the states were worked out for. */
interface Heading { plans: string; cutOff: string }

/** A sheet with its title, cut-off and header rows, printed landscape and one page wide. */
function addSheet(wb: ExcelJS.Workbook, name: string, what: string, heading: Heading, headers: string[], widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  ws.columns = widths.map((width) => ({ width }));
  ws.addRow([`${heading.plans} ${what}`]).font = { bold: true, size: 14 };
  ws.addRow([`统计截至 ${heading.cutOff}`]);
  for (const row of [1, 2]) ws.mergeCells(row, 1, row, headers.length);
  ws.addRow(headers).font = { bold: true };
  return ws;
}

function buildWorkbook(year: number, heading: Heading, rows: LedgerRow[], depts: ReturnType<typeof byDepartment>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '工会计划助手';
  const ledger = addSheet(wb, `${year}年工作台账`, '工作台账', heading, LEDGER_HEADERS, [8, 36, 12, 16, 6, 10, 10, 18, 30, 24]);
  for (const r of rows) {
    ledger.addRow([r.code, r.title, r.window, r.department, r.role, r.status, r.who, r.when, r.note,
      r.figures.map((f) => f.text).join('、')]);
  }
  ledger.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: LEDGER_HEADERS.length } };

  const summaryHeaders = ['部门', STATE_NAMES.done, STATE_NAMES.partial, STATE_NAMES.open, STATE_NAMES.overdue, STATE_NAMES.upcoming, '合计', '已到期', '完成率'];
  const summary = addSheet(wb, '按部门汇总', '按部门汇总', heading, summaryHeaders, summaryHeaders.map((_, i) => (i ? 10 : 18)));
  const sums = [0, 0, 0, 0, 0, 0, 0];
  for (const d of depts) {
    // Overdue work with partial progress reported counts as partial here, as its ledger row says 部分完成（逾期）.
    const partialLate = d.overdue.filter((p) => p.confirmation?.status === 'partial').length;
    const counts = [d.done.length, d.partial.length + partialLate, d.open.length, d.overdue.length - partialLate, d.upcoming.length, d.total, dueCount(d)];
    counts.forEach((n, i) => { sums[i]! += n; });
    summary.addRow([d.department, ...counts, completionRate(d.done.length, dueCount(d))]);
  }
  summary.addRow(['合计', ...sums, completionRate(sums[0]!, sums[6]!)]).font = { bold: true };
  const rateColumn = summary.getColumn(summaryHeaders.length);
  rateColumn.numFmt = '0.0%';
  rateColumn.alignment = { horizontal: 'right' };
  summary.addRow([]);
  summary.addRow([RATE_NOTE]);

  const figures = addSheet(wb, '数据汇总', '数据汇总', heading, ['部门', '单位', '合计', '条数', '来自任务', '统计内容'], [18, 10, 10, 10, 60, 16]);
  for (const f of figureTotals(rows)) figures.addRow([f.department, f.unit, f.total, f.count, f.tasks.join('；'), f.what]);
  figures.addRow([]);
  figures.addRow(['同一任务的数字，或单位和统计内容（回复中数字前的词，如“慰问”“参保”）都相同的数字才相加；其余各任务分行列出，不相加。']);
  return wb;
}
