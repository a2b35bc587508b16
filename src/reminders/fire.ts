import type { Database, DbOrTx } from '../../db/client.js';
import type { NewOutboxRow } from '../../db/repositories/outbox.js';
import { loadAnnouncements, loadReminderData, recordAnnouncements } from '../../db/repositories/reminders.js';
import { instantAt, localDayTime } from '../schedule/days.js';
import { loadWorkCalendar } from '../schedule/load-calendar.js';
import { firstWorkdayAfter, type WorkCalendar } from '../schedule/workdays.js';
import { enqueueRows, pushWindows, toOutboxRows } from './enqueue.js';
import { windowsToldOn } from '../../db/repositories/outbox.js';
import { earliestOpenWindow, planReminders } from './plan-reminders.js';
import { renderPush, type RenderedPush } from './render.js';
import { fireTimes, type ReminderSettings } from './settings.js';
import type { PlannedPush } from './types.js';

/** A decided push with its text and the outbox rows it becomes (one per part). */
export interface PreparedPush {
  push: PlannedPush;
  rendered: RenderedPush;
  rows: NewOutboxRow[];
}

export interface FireResult {
  pushes: PreparedPush[];
  /** Outbox rows written by this fire; rows whose dedupe key already existed are `skipped`. */
  inserted: number;
  skipped: number;
}

/** Decides and renders what fires at `at`, reading through `db`; writes nothing. */
export async function prepareReminders(
  db: DbOrTx, at: Date, settings: ReminderSettings, calendar?: WorkCalendar, opts: { missed?: boolean } = {},
): Promise<PreparedPush[]> {
  // Most minutes, and every day off, fire nothing (all reminders fall on workdays): skip reading the tables.
  const { day, time } = localDayTime(at, settings.timeZone);
  if (!fireTimes(settings).includes(time)) return [];
  // The bundled calendar with the years the office imported (holidays import), read at every fire.
  const cal = calendar ?? await loadWorkCalendar(db);
  if (!cal.isWorkday(day)) return [];
  const data = await loadReminderData(db);
  if (time === settings.kickoffTime) {
    // Late kick-offs need to know what was already announced, since the earliest window still open began.
    const since = earliestOpenWindow(data, day);
    data.announced = since ? await loadAnnouncements(db, instantAt(since, '00:00', settings.timeZone), at) : [];
  }
  return planReminders(at, data, settings, cal, opts).map((push) => {
    const rendered = renderPush(push, data.heads, settings);
    return { push, rendered, rows: toOutboxRows(push, rendered) };
  });
}

/**
 * One fire: decide, render and enqueue in a single transaction (the caller's `tx` if given, as the
 * scheduler does so that its claim on the fire commits with the rows). With `dryRun` nothing is written.
 */
export async function fireReminders(
  database: Database, at: Date,
  opts: {
    settings: ReminderSettings; dryRun?: boolean; tx?: DbOrTx; calendar?: WorkCalendar;
    /** A fire missed while the bot was down, run late at start (see planReminders). */
    missed?: boolean;
    /** The time now, for a fire run late: outside working hours its pushes wait for them (see heldUntil). */
    now?: Date;
  },
): Promise<FireResult & { heldUntil?: Date }> {
  const run = async (db: DbOrTx): Promise<FireResult & { heldUntil?: Date }> => {
    // Read once here when it is needed for the hold, and handed on to prepareReminders.
    const cal = opts.now ? opts.calendar ?? await loadWorkCalendar(db) : opts.calendar;
    const held = opts.now ? heldUntil(at, opts.now, opts.settings, cal!) : undefined;
    // Held for days, a kick-off or a nudge would be out of date when it goes ("还剩5个工作日"): a held fire sends
    // what a missed one does (overdue notices and digest, marked 补发); the next fire announces the rest late.
    const pushes = await prepareReminders(db, at, opts.settings, cal, { missed: opts.missed || held !== undefined });
    const rows = pushes.flatMap((p) => p.rows);
    // Each task window once a day per chat and kind (design §3): a push whose windows the chat was all told of
    // today already (the same fire run again after a confirmation, say) is not sent a second time. One that
    // names something new is sent whole.
    const told = opts.dryRun || !rows.length ? undefined : await windowsToldOn(db, localDayTime(at, opts.settings.timeZone).day);
    const fresh = told ? pushes.filter((p) => p.push.kind === 'weekly_digest' || !coveredBy(told, p)).flatMap((p) => p.rows) : rows;
    const inserted = opts.dryRun || !fresh.length ? 0 : await enqueueRows(db, held ? fresh.map((r) => ({ ...r, notBefore: held })) : fresh);
    if (!opts.dryRun) {
      const told = pushes.filter((p) => p.push.kind === 'kickoff' || p.push.kind === 'nudge')
        .flatMap((p) => p.push.items.map((i) => ({ chatId: p.push.chat.id, code: i.code })));
      if (told.length) await recordAnnouncements(db, at, told);
    }
    return { pushes, inserted, skipped: opts.dryRun ? 0 : rows.length - inserted, ...(held ? { heldUntil: held } : {}) };
  };
  if (opts.tx || opts.dryRun) return run(opts.tx ?? database.db);
  return database.db.transaction(run);
}

/** True when the chat was told of every window of the push today already, by a push of the same kind. */
function coveredBy(told: Map<string, Set<string>>, p: PreparedPush): boolean {
  const known = told.get(`${p.push.kind}|${p.push.chat.id}`);
  return !!known && pushWindows(p.push).every((w) => known.has(w));
}

/** A fire this much past its time is late (caught up after a restart, or by a timer that woke late). */
const LATE_AFTER_MS = 10 * 60_000;
/** Reminders go out on workdays between the first fire time and this hour. */
const WORKDAY_ENDS = '18:00';

/**
 * When a late fire's pushes may go: undefined for at once (the fire is on time, or it is a workday's working
 * hours); otherwise the first fire time of the next workday, so a restart on a Saturday, a holiday or at night
 * does not push into the groups then.
 */
export function heldUntil(at: Date, now: Date, settings: ReminderSettings, cal: WorkCalendar): Date | undefined {
  if (now.getTime() - at.getTime() < LATE_AFTER_MS) return undefined;
  const opening = [...fireTimes(settings)].sort()[0]!;
  const { day, time } = localDayTime(now, settings.timeZone);
  if (cal.isWorkday(day) && time >= opening && time < WORKDAY_ENDS) return undefined;
  const next = cal.isWorkday(day) && time < opening ? day : firstWorkdayAfter(day, cal);
  return instantAt(next, opening, settings.timeZone);
}
