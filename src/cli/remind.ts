import { loadConfig } from '../../config/index.js';
import { UserError } from '../core/errors.js';
import { pushKindNames } from '../outbox/labels.js';
import { fireReminders, type PreparedPush } from '../reminders/fire.js';
import { fireTimes, reminderSettingsFromConfig } from '../reminders/settings.js';
import { chineseDay, instantAt, localDayTime, parseDay, weekday } from '../schedule/days.js';
import { HOLIDAYS_IMPORT } from '../core/invocation.js';
import { loadWorkCalendar } from '../schedule/load-calendar.js';
import { coveredRange } from '../schedule/workdays.js';
import { parseCommandArgs } from './args.js';
import { confirm, withDatabase, type CliIo } from './context.js';
import { PLANBOT } from '../core/invocation.js';

const usage = `${PLANBOT} remind --at <时间，如 2026-10-08T09:00+08:00> [--dry-run] [--yes] [--json]`;

/**
 * `planbot remind --at T`: what the scheduler does at instant T, enqueued unless --dry-run.
 * A time without an offset is read in PLANBOT_TIMEZONE; a bare date means every fire time of that day.
 * At a terminal the pushes are shown first and go to the groups only once confirmed (--yes skips the question):
 * someone looking at what a day would send must not send it by accident. Scripts (no terminal) are not asked.
 */
export async function remindCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    at: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, yes: { type: 'boolean' },
  }, usage);
  // "--at 2026-10-08 09:00" typed without quotes arrives as a date and a time: read as one.
  if (values.at && /^\d{4}-\d{2}-\d{2}$/.test(values.at) && positionals.length === 1 && /^\d{1,2}:\d{2}(?::\d{2})?$/.test(positionals[0]!)) {
    values.at = `${values.at} ${positionals.shift()!}`;
  }
  if (!values.at) throw new UserError('USAGE', `请用 --at 指定时间。用法：${usage}`);
  if (positionals.length) {
    throw new UserError('USAGE', `无法识别的参数 ${positionals.join(' ')}。时间中有空格时请加引号，如 --at "2026-10-08 09:00"。用法：${usage}`);
  }
  // A malformed time is reported before the database opens.
  const settings = reminderSettingsFromConfig(loadConfig(io.env));
  const instants = parseAt(values.at, settings.timeZone, fireTimes(settings));
  return withDatabase(io, values.db, async (database) => {
    const askFirst = io.isTTY && !values.yes && !values.json && !values['dry-run'];
    let dryRun = (values['dry-run'] ?? false) || askFirst;
    const calendar = await loadWorkCalendar(database.db);
    /** What the scheduler does at each instant (enqueued unless dryRun). */
    const fire = async () => {
      const all = { pushes: [] as PreparedPush[], inserted: 0, skipped: 0 };
      for (const at of instants) {
        const r = await fireReminders(database, at, { settings, dryRun, calendar });
        all.pushes.push(...r.pushes);
        all.inserted += r.inserted;
        all.skipped += r.skipped;
      }
      return all;
    };
    let outcome = await fire();
    const { pushes } = outcome;
    const year = parseDay(localDayTime(instants[0]!, settings.timeZone).day).year;
    if (!calendar.isCovered(year)) {
      const { from, to } = coveredRange();
      io.err(`注意：尚未导入${year}年的放假和调休安排（程序自带 ${from}–${to} 年），工作日暂按周一至周五并避开法定节日当天计算，调休上班日未计入。`
        + `国务院办公厅通知发布后，请导入：${HOLIDAYS_IMPORT}`);
    }
    if (values.json) {
      io.out(JSON.stringify(pushes.map((p) => ({
        chat: p.push.chat.name ?? p.push.chat.externalId, department: p.push.chat.department, kind: p.push.kind,
        tasks: p.rendered.codes, text: p.rendered.parts.join('\n'),
      })), null, 2));
      return 0;
    }
    const when = instants.map((at) => {
      const { day, time } = localDayTime(at, settings.timeZone);
      // A weekend day that is a workday is a make-up day (调休上班); a weekday that is not is a holiday.
      const weekend = weekday(day) === 0 || weekday(day) === 6;
      const note = weekend && calendar.isWorkday(day) ? '，调休上班' : !weekend && !calendar.isWorkday(day) ? '，节假日' : '';
      return `${chineseDay(day, undefined, true).replace(/）$/, `${note}）`)} ${time}`;
    }).join('、');
    if (!pushes.length) {
      io.out(`${when}：没有需要发送的提醒。（提醒在每天 ${fireTimes(settings).join('、')} 判断，只在工作日发出）`);
      return 0;
    }
    io.out(`${when}：共 ${pushes.length} 条提醒${dryRun && !askFirst ? '（预演，未加入发送队列）' : ''}\n`);
    for (const p of pushes) {
      const c = p.push.chat;
      io.out(`── ${pushKindNames[p.push.kind]} → ${c.name ?? c.externalId}${c.department ? `（${c.department}）` : ''}`);
      io.out(p.rendered.parts.join('\n'));
      io.out('');
    }
    if (askFirst) {
      if (!(await confirm(io, `现在就把以上 ${pushes.length} 条提醒发到各群吗？（只想查看请回车）[y/N] `, false))) {
        io.out('未发送。只查看时可加 --dry-run。');
        return 0;
      }
      dryRun = false;
      outcome = await fire();
    }
    if (!dryRun) {
      const { inserted, skipped } = outcome;
      io.out(`已加入发送队列 ${inserted} 条${skipped ? `；${skipped} 条此前已在队列中，未重复加入` : ''}。` +
        `用 ${PLANBOT} outbox 查看发送情况。`);
    }
    return 0;
  });
}

/** ISO date-time (offset optional, then read in `timeZone`), or a bare date meaning all of that day's fire times. */
export function parseAt(text: string, timeZone: string, times: string[]): Date[] {
  const s = text.trim();
  const bad = () => new UserError('USAGE', `无法识别的时间“${text}”。请写成 2026-10-08T09:00+08:00 或 2026-10-08 09:00。`);
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (dateOnly) {
    if (!validDay(s)) throw bad();
    return times.map((t) => instantAt(s, t, timeZone));
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m || !validDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59) throw bad();
  if (!m[5]) return [new Date(instantAt(m[1]!, `${m[2]}:${m[3]}`, timeZone).getTime() + Number(m[4] ?? 0) * 1000)];
  const offset = m[5].toUpperCase() === 'Z' ? 'Z' : m[5].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const d = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${offset}`);
  if (Number.isNaN(d.getTime())) throw bad();
  return [d];
}

function validDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day);
}
