import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { activePlanYears } from '../../db/repositories/tasks.js';
import { figureTotals, ledgerRows, STATE_NAMES, type LedgerRow } from '../confirmations/ledger.js';
import { byDepartment, loadPairs } from '../confirmations/progress.js';
import { shanghaiDate } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { userPath, withDatabase, type CliIo } from './context.js';
import { parseToday } from './progress.js';
import { PLANBOT } from '../core/invocation.js';

const usage = `${PLANBOT} export --year <年份> --out <文件.xlsx> [--today YYYY-MM-DD]`;

export const LEDGER_HEADERS = ['编号', '任务', '时间', '部门', '分工', '状态', '确认人', '确认时间', '情况说明', '数据'];

/**
 * `planbot export --year 2026 --out 台账.xlsx`: the year's ledger as a workbook — one row per task window
 * and responsible department with its status, who confirmed it and when, the note and the figures; a
 * summary per department; and the figures added up per department and unit.
 */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    year: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' },
  }, usage);
  const year = Number(values.year);
  if (positionals.length || !values.year) throw new UserError('USAGE', `请用 --year 指定年份（如 2026）。用法：${usage}`);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new UserError('USAGE', `--year 应为 2000 至 2100 之间的年份，如 2026（收到 “${values.year}”）。`);
  }
  if (!values.out) throw new UserError('USAGE', `请用 --out 指定输出文件（.xlsx）。用法：${usage}`);
  if (!/\.xlsx$/i.test(values.out)) throw new UserError('USAGE', `输出文件应以 .xlsx 结尾（收到 “${values.out}”）。`);
  const out = userPath(io, values.out);
  return withDatabase(io, values.db, async (database, config) => {
    if (!(await activePlanYears(database.db)).includes(year)) {
      throw new UserError('NOT_FOUND', `没有${year}年的生效计划，无法导出台账。可用 ${PLANBOT} plans 查看已导入的计划。`);
    }
    const today = values.today ? parseToday(values.today) : shanghaiDate(new Date(), config.PLANBOT_TIMEZONE);
    const { catalog, pairs } = await loadPairs(database.db, year, today);
    const tasks = catalog.tasks.filter((t) => t.planYear === year);
    const ids = new Set(tasks.map((t) => t.id));
    const own = pairs.filter((p) => ids.has(p.task.id));
    const rows = ledgerRows(tasks, own, config.PLANBOT_TIMEZONE);
    const workbook = buildWorkbook(year, rows, byDepartment(own));
    try {
      await mkdir(path.dirname(out), { recursive: true });
      await workbook.xlsx.writeFile(out);
    } catch (err) {
      throw new UserError('USAGE', `无法写入文件 ${out}，请检查目录是否存在、是否有写入权限，或文件是否正被打开。`, { cause: err });
    }
    io.out(`已导出 ${year} 年工作台账：${rows.length} 行（${tasks.length} 项任务）→ ${out}`);
    return 0;
  });
}

function buildWorkbook(year: number, rows: LedgerRow[], depts: ReturnType<typeof byDepartment>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '工会计划助手';
  const ledger = wb.addWorksheet(`${year}年工作台账`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ledger.columns = LEDGER_HEADERS.map((header, i) => ({ header, width: [8, 36, 12, 16, 6, 10, 10, 18, 30, 24][i] }));
  for (const r of rows) {
    ledger.addRow([r.code, r.title, r.window, r.department, r.role, r.status, r.who, r.when, r.note,
      r.figures.map((f) => f.text).join('、')]);
  }
  ledger.getRow(1).font = { bold: true };
  ledger.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_HEADERS.length } };

  const summary = wb.addWorksheet('按部门汇总');
  summary.columns = ['部门', STATE_NAMES.done, STATE_NAMES.partial, STATE_NAMES.open, STATE_NAMES.overdue, STATE_NAMES.upcoming, '合计']
    .map((header, i) => ({ header, width: i ? 10 : 18 }));
  for (const d of depts) {
    // Overdue work with partial progress reported counts as partial here, as its ledger row says 部分完成（逾期）.
    const partialLate = d.overdue.filter((p) => p.confirmation?.status === 'partial').length;
    summary.addRow([d.department, d.done.length, d.partial.length + partialLate, d.open.length, d.overdue.length - partialLate,
      d.upcoming.length, d.total]);
  }
  summary.getRow(1).font = { bold: true };

  const figures = wb.addWorksheet('数据汇总');
  figures.columns = ['部门', '单位', '合计', '条数', '来自任务'].map((header, i) => ({ header, width: i === 4 ? 60 : i ? 10 : 18 }));
  for (const f of figureTotals(rows)) figures.addRow([f.department, f.unit, f.total, f.count, f.tasks.join('；')]);
  figures.getRow(1).font = { bold: true };
  return wb;
}
