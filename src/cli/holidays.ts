import { listCalendarDays, replaceCalendarYear } from '../../db/repositories/calendar-days.js';
import { UserError } from '../core/errors.js';
import { PLANBOT } from '../core/invocation.js';
import { readPlanDocument } from '../plan-import/read-document.js';
import { chineseDay } from '../schedule/days.js';
import { HolidayNoticeError, parseHolidayNotice, type NoticeDay } from '../schedule/holiday-notice.js';
import { coveredRange } from '../schedule/workdays.js';
import { parseCommandArgs } from './args.js';
import { confirm, userPath, withDatabase, type CliIo } from './context.js';

const usage = `${PLANBOT} holidays [--json]  或  ${PLANBOT} holidays import <放假通知.txt|.docx> [--year 年份] [--dry-run] [--yes] [--json]`;

/**
 * `holidays`: which years' official days off and make-up workdays the bot knows. `holidays import`: reads the State
 * Council's notice for a year the bundled calendar does not have yet and stores it, replacing that year's earlier
 * import. Shown first and confirmed at a terminal, as plans are.
 */
export async function holidaysCommand(args: string[], io: CliIo): Promise<number> {
  const sub = args[0] === 'import' ? 'import' : undefined;
  const rest = sub ? args.slice(1) : args;
  const { values, positionals } = parseCommandArgs(rest, {
    json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, year: { type: 'string' },
  }, usage);
  if (sub !== 'import') {
    if (positionals.length) throw new UserError('USAGE', `无法识别的参数 ${positionals.join(' ')}。用法：${usage}`);
    return withDatabase(io, values.db, async (database) => listYears(io, await listCalendarDays(database.db), values.json ?? false));
  }
  if (positionals.length !== 1) throw new UserError('USAGE', `请指定一个放假通知文件。用法：${usage}`);
  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!/^\d{4}$/.test(values.year) || year < 2000 || year > 2100) throw new UserError('USAGE', `--year 应为四位年份，如 --year 2027。用法：${usage}`);
  }
  const text = await readPlanDocument(userPath(io, positionals[0]!));
  let notice;
  try {
    notice = parseHolidayNotice(text, { year });
  } catch (err) {
    if (err instanceof HolidayNoticeError) throw new UserError('HOLIDAY_NOTICE', `放假通知未导入：${err.message}`);
    throw err;
  }
  const holidays = notice.days.filter((d) => d.kind === 'holiday');
  const workdays = notice.days.filter((d) => d.kind === 'workday');
  return withDatabase(io, values.db, async (database) => {
    const known = (await listCalendarDays(database.db)).filter((d) => d.year === notice.year);
    if (values.json) {
      const written = !values['dry-run'];
      if (written) await replaceCalendarYear(database.db, notice.year, notice.days, 'cli');
      io.out(JSON.stringify({ year: notice.year, written, replaced: known.length, holidays: holidays.map(plain), workdays: workdays.map(plain) }, null, 2));
      return 0;
    }
    io.out(`${notice.year}年放假安排：放假 ${holidays.length} 天，调休上班 ${workdays.length} 天`);
    for (const line of summary(notice.days, notice.year)) io.out(`  ${line}`);
    if (known.length) io.out(`（将替换此前导入的${notice.year}年安排，共 ${known.length} 天）`);
    if (values['dry-run']) {
      io.out('预演：未写入。');
      return 0;
    }
    const askFirst = io.isTTY && !values.yes;
    if (askFirst && !(await confirm(io, '确认导入？[Y/n] ', true))) {
      io.out('已取消，未写入。');
      return 0;
    }
    await replaceCalendarYear(database.db, notice.year, notice.days, 'cli');
    io.out(`已导入${notice.year}年放假安排。此后的提醒按此避开放假日，并在调休上班日照常发出（运行中的助手无需重启）。`);
    return 0;
  });
}

const plain = (d: NoticeDay) => ({ day: d.day, name: d.name });

/** One line per festival: "春节：2月15日至2月23日放假；2月14日、2月28日上班". */
function summary(days: NoticeDay[], year: number): string[] {
  const byName = new Map<string, NoticeDay[]>();
  for (const d of days) byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
  const show = (day: string) => chineseDay(day, year, true);
  return [...byName].map(([name, ds]) => {
    const off = ds.filter((d) => d.kind === 'holiday');
    const on = ds.filter((d) => d.kind === 'workday');
    const parts = [];
    if (off.length) parts.push(`${show(off[0]!.day)}${off.length > 1 ? `至${show(off.at(-1)!.day)}` : ''}放假（${off.length}天）`);
    if (on.length) parts.push(`${on.map((d) => show(d.day)).join('、')}上班`);
    return `${name}：${parts.join('；')}`;
  });
}

function listYears(io: CliIo, days: { year: number; kind: string }[], json: boolean): number {
  const { from, to } = coveredRange();
  const imported = [...new Set(days.map((d) => d.year))].sort();
  if (json) {
    io.out(JSON.stringify({ bundled: { from, to }, imported }, null, 2));
    return 0;
  }
  io.out(`程序自带 ${from}–${to} 年的放假和调休安排。`);
  io.out(imported.length ? `已导入：${imported.map((y) => `${y}年`).join('、')}（导入的安排优先）。` : '还没有导入其他年份的安排。');
  io.out(`新一年的安排由国务院办公厅在上一年年底公布；把通知正文存为 .txt 后导入：${PLANBOT} holidays import 放假通知.txt`);
  return 0;
}
