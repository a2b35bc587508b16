import type { Window } from '../../db/schema.js';
import { addDays, instantAt, isoDay, lastDayOfMonth, localDayTime, mondayOf, parseDay, type IsoDay } from '../schedule/days.js';
import {
  chinaCalendar, firstWorkdayAfter, firstWorkdayOfMonth, workdayOnOrAfter, workdaysBefore, type WorkCalendar,
} from '../schedule/workdays.js';
import type { ReminderSettings } from './settings.js';
import type {
  PlannedPush, PushItem, ReminderChat, ReminderData, ReminderKind, ReminderTask, WeeklyDigest,
} from './types.js';

/**
 * Which reminders fire at one instant: a pure function of the instant, the data and the settings.
 *
 * Rules (design §5):
 * - kick-off: first workday of a window's first month, to every responsible department not yet done;
 * - nudge: `nudgeWorkdays` workdays before the window ends, only to departments that have not confirmed
 *   `done` for that window (skipped when it would fall on or before the kick-off);
 * - overdue: first workday after the window, to each such department, plus one digest to the office chat;
 * - weekly digest: the office chat, on the first workday of the week from `digestWeekday` (Monday);
 * - late kick-off: at the kick-off time of a workday, a window already under way and not yet ended that no
 *   earlier kick-off or nudge has named in a department's chat since the window began (the plan was imported
 *   or the chat bound after its kick-off, the department took back a confirmation, the bot was down) is
 *   announced there once; not on its nudge day, when the nudge says it. Only when `data.announced` was read
 *   (see prepareReminders).
 * Tasks without a date are never reminded. Goal tasks (入会率达到…) are targets, not deliverables with a
 * deadline, so they get no reminders. All-year (全年) tasks are listed in the kick-off of their window's
 * first month (January) and counted in the weekly digest, with no nudge or overdue: a year-long task
 * would otherwise ride along in every December message.
 */
export function planReminders(
  at: Date, data: ReminderData, settings: ReminderSettings, cal: WorkCalendar = chinaCalendar,
  opts: { missed?: boolean } = {},
): PlannedPush[] {
  const { day, time } = localDayTime(at, settings.timeZone);
  // A fire missed while the bot was down, run late (not the latest of its time): only the overdue notices, which
  // are still true. Its kick-offs are announced late by the latest fire; a nudge ("还剩5个工作日") or an old
  // weekly digest would be out of date.
  const wanted = {
    kickoff: !opts.missed && time === settings.kickoffTime,
    nudge: !opts.missed && time === settings.nudgeTime,
    overdue: time === settings.overdueTime,
    digest: !opts.missed && time === settings.digestTime && isDigestDay(day, settings, cal),
  };
  if (!wanted.kickoff && !wanted.nudge && !wanted.overdue && !wanted.digest) return [];

  const done = pairsConfirmed(data, 'done');
  const partial = pairsConfirmed(data, 'partial');
  const lateCheck = wanted.kickoff && data.announced !== undefined;
  const lateByDept = new Map<number, PushItem[]>();
  const perDept = new Map<ReminderKind, Map<number, PushItem[]>>();
  const officeOverdue: PushItem[] = [];
  const add = (kind: ReminderKind, item: PushItem) => {
    const byDept = perDept.get(kind) ?? new Map<number, PushItem[]>();
    perDept.set(kind, byDept);
    const list = byDept.get(item.departmentId) ?? [];
    list.push(item);
    byDept.set(item.departmentId, list);
  };

  for (const task of data.tasks) {
    for (const [windowIndex, window] of remindableWindows(task)) {
      const dates = windowDates(window, settings, cal);
      const fires: ReminderKind[] = [];
      if (wanted.kickoff && day === dates.kickoff) fires.push('kickoff');
      // All-year work (全年) too: its window ends on 12月31日, when the year's work is owed like any other (design §5).
      if (wanted.nudge && day === dates.nudge && dates.nudge > dates.kickoff) fires.push('nudge');
      if (wanted.overdue && day === dates.overdue) fires.push('overdue');
      const late = lateCheck && dates.kickoff < day && day <= dates.deadline && day !== dates.nudge;
      if (!fires.length && !late) continue;
      for (const item of itemsOf(task, windowIndex, window, dates.deadline)) {
        if (done.has(pairKey(item))) continue;
        if (partial.has(pairKey(item))) item.partial = true;
        for (const kind of fires) add(kind, item);
        if (fires.includes('overdue')) officeOverdue.push(item);
        if (late) lateByDept.set(item.departmentId, [...(lateByDept.get(item.departmentId) ?? []), item]);
      }
    }
  }

  const chatsByDept = new Map<number, ReminderChat[]>();
  for (const c of data.chats) {
    if (c.departmentId === null) continue;
    chatsByDept.set(c.departmentId, [...(chatsByDept.get(c.departmentId) ?? []), c]);
  }
  const offices = data.chats.filter((c) => c.isOffice);
  const pushes: PlannedPush[] = [];
  for (const kind of ['kickoff', 'nudge', 'overdue'] as const) {
    for (const [deptId, items] of perDept.get(kind) ?? []) {
      for (const chat of chatsByDept.get(deptId) ?? []) {
        // The office's own overdue work: its overdue digest of this morning lists it (every overdue item is in it).
        if (kind === 'overdue' && chat.isOffice) continue;
        pushes.push({ kind, day, time, chat, items: sortItems(items) });
      }
    }
  }
  if (lateByDept.size) {
    // Only earlier fires count: this very fire run again (a retry, a second replica, `remind` twice) plans the
    // same late kick-offs, whose dedupe keys then drop the repeats.
    const announced = announcedBefore(data.announced ?? [], at);
    const began = (w: Window) => instantAt(isoDay(w.startYear, w.startMonth, 1), '00:00', settings.timeZone).getTime();
    for (const [deptId, items] of lateByDept) {
      for (const chat of chatsByDept.get(deptId) ?? []) {
        const untold = items.filter((i) => (announced.get(`${chat.id}:${i.code}`) ?? -Infinity) < began(i.window));
        if (untold.length) pushes.push({ kind: 'kickoff', late: true, day, time, chat, items: sortItems(untold) });
      }
    }
  }
  if (officeOverdue.length) {
    const unbound = [...new Set(officeOverdue.filter((i) => !chatsByDept.has(i.departmentId)).map((i) => i.department))];
    for (const chat of offices) pushes.push({ kind: 'overdue_digest', day, time, chat, items: sortItems(officeOverdue), unbound });
  }
  if (wanted.digest && data.tasks.length) {
    const digest = weeklyDigest(day, data, { done, partial }, chatsByDept, settings, cal);
    for (const chat of offices) {
      const above = pushes.find((p) => p.kind === 'overdue_digest' && p.chat.id === chat.id)?.items;
      pushes.push({ kind: 'weekly_digest', day, time, chat, items: digest.overdue, digest, ...(above ? { overdueAbove: above } : {}) });
    }
  }
  if (opts.missed) for (const p of pushes) p.late = true;
  const order = (k: ReminderKind) => ['kickoff', 'nudge', 'overdue', 'overdue_digest', 'weekly_digest'].indexOf(k);
  return pushes.sort((a, b) => order(a.kind) - order(b.kind) || Number(a.late ?? false) - Number(b.late ?? false)
    || a.chat.id - b.chat.id);
}

/** The days a window's reminders fall on. */
export function windowDates(w: Window, s: Pick<ReminderSettings, 'nudgeWorkdays'>, cal: WorkCalendar = chinaCalendar) {
  const deadline = lastDayOfMonth(w.endYear, w.endMonth);
  return {
    kickoff: firstWorkdayOfMonth(w.startYear, w.startMonth, cal),
    nudge: workdaysBefore(addDays(deadline, 1), s.nudgeWorkdays, cal),
    overdue: firstWorkdayAfter(deadline, cal),
    deadline,
  };
}

/** The latest announcing fire (ms) per "chatId:code", among fires before `at`. */
function announcedBefore(list: NonNullable<ReminderData['announced']>, at: Date): Map<string, number> {
  const latest = new Map<string, number>();
  for (const a of list) {
    const t = a.firedAt.getTime();
    if (t >= at.getTime()) continue;
    const k = `${a.chatId}:${a.code}`;
    if (t > (latest.get(k) ?? -Infinity)) latest.set(k, t);
  }
  return latest;
}

/**
 * The first day of the earliest window still open on `day` (not ended before it), or null: how far back a
 * late kick-off must look for announcements.
 */
export function earliestOpenWindow(data: Pick<ReminderData, 'tasks'>, day: IsoDay): IsoDay | null {
  let first: IsoDay | null = null;
  for (const task of data.tasks) {
    for (const [, w] of remindableWindows(task)) {
      if (lastDayOfMonth(w.endYear, w.endMonth) < day) continue;
      const start = isoDay(w.startYear, w.startMonth, 1);
      if (first === null || start < first) first = start;
    }
  }
  return first;
}

/** Windows that get reminders: none for goals and undated tasks; an all-year task without a stored window gets Jan–Dec. */
export function remindableWindows(task: ReminderTask): [number, Window][] {
  if (task.kind === 'goal') return [];
  if (task.allYear && !task.windows.length) {
    return [[0, { startYear: task.planYear, startMonth: 1, endYear: task.planYear, endMonth: 12 }]];
  }
  return task.windows.map((w, i) => [i, w]);
}

function itemsOf(task: ReminderTask, windowIndex: number, window: Window, deadline: IsoDay): PushItem[] {
  const lead = task.departments.find((d) => d.role === 'lead')?.name ?? null;
  const windowCount = Math.max(1, task.windows.length);
  return task.departments.map((d) => ({
    taskId: task.id, code: task.code, title: task.title, windowIndex, window, windowCount, deadline, allYear: task.allYear,
    departmentId: d.id, department: d.name, role: d.role, lead: d.role === 'assist' ? lead : null,
  }));
}

const pairKey = (p: { taskId: number; windowIndex: number; departmentId: number }) =>
  `${p.taskId}:${p.windowIndex}:${p.departmentId}`;

/** The (task window, department) pairs confirmed with this status. */
function pairsConfirmed(data: ReminderData, status: 'done' | 'partial'): Set<string> {
  return new Set(data.confirmations.filter((c) => c.status === status).map(pairKey));
}

function sortItems(items: PushItem[]): PushItem[] {
  return [...items].sort((a, b) => Number(a.allYear) - Number(b.allYear) || a.deadline.localeCompare(b.deadline)
    || a.taskId - b.taskId || a.windowIndex - b.windowIndex || a.departmentId - b.departmentId);
}

/** The digest goes out on the configured weekday, or the first workday after it in the same week. */
export function isDigestDay(day: IsoDay, s: Pick<ReminderSettings, 'digestWeekday'>, cal: WorkCalendar = chinaCalendar) {
  return digestDayOfWeek(day, s, cal) === day;
}

function digestDayOfWeek(day: IsoDay, s: Pick<ReminderSettings, 'digestWeekday'>, cal: WorkCalendar): IsoDay | null {
  const monday = mondayOf(day);
  const d = workdayOnOrAfter(addDays(monday, s.digestWeekday - 1), cal);
  return d <= addDays(monday, 6) ? d : null;
}

function weeklyDigest(
  day: IsoDay, data: ReminderData, { done, partial }: { done: Set<string>; partial: Set<string> }, chatsByDept: Map<number, ReminderChat[]>,
  s: ReminderSettings, cal: WorkCalendar,
): WeeklyDigest {
  const { year, month } = parseDay(day);
  const ym = year * 12 + month;
  const monthly = { tasks: 0, pairs: 0, done: 0 };
  const allYear = { tasks: 0, pairs: 0, done: 0 };
  const overdue: PushItem[] = [];
  const unbound = new Set<string>();
  const earlierTasks = new Set<number>();
  const yearStart = isoDay(year, 1, 1);
  for (const task of data.tasks) {
    for (const [windowIndex, w] of remindableWindows(task)) {
      const deadline = lastDayOfMonth(w.endYear, w.endMonth);
      const items = itemsOf(task, windowIndex, w, deadline);
      const open = w.startYear * 12 + w.startMonth <= ym && ym <= w.endYear * 12 + w.endMonth;
      const bucket = task.allYear ? allYear : monthly;
      if (open) {
        bucket.tasks++;
        bucket.pairs += items.length;
        bucket.done += items.filter((i) => done.has(pairKey(i))).length;
      }
      // Overdue work of this year; and last year's plan's, as the chat's 逾期 gives it: in January, when the office
      // closes last year's ledger, all of it, listed; in February and March a count pointing to 2026年逾期; then none.
      const lastYear = deadline < yearStart;
      if (deadline < day && (!lastYear || (task.planYear === year - 1 && month <= 3))) {
        const owed = items.filter((i) => !done.has(pairKey(i)));
        if (lastYear && month > 1) {
          if (owed.length) earlierTasks.add(task.id);
          continue;
        }
        overdue.push(...owed.map((i) => (partial.has(pairKey(i)) ? { ...i, partial: true } : i)));
        // Owed by a department no group reminds: the office must chase it by hand, so it is named too.
        for (const i of owed) if (!chatsByDept.has(i.departmentId)) unbound.add(i.department);
      }
      if (deadline >= day) for (const i of items) if (!chatsByDept.has(i.departmentId)) unbound.add(i.department);
    }
  }
  // Told once: only the first digest of a year the holiday data does not cover carries the notice. In December,
  // when the State Council has published the next year's schedule, every digest asks for it until it is imported.
  const previous = digestDayOfWeek(addDays(mondayOf(day), -7), s, cal);
  const firstOfYear = !previous || parseDay(previous).year !== year;
  const uncoveredYears = firstOfYear && !cal.isCovered(year) ? [year] : [];
  if (parseDay(day).month === 12 && !cal.isCovered(year + 1)) uncoveredYears.push(year + 1);
  // A new year begun on last year's plan: the digest is where the office hears that this year's is not imported.
  const noPlanForYear = data.tasks.length && !data.tasks.some((t) => t.planYear >= year) ? year : undefined;
  return {
    month: monthly, overdue: sortItems(overdue), allYear, unbound: [...unbound].sort(), uncoveredYears, noPlanForYear,
    ...(earlierTasks.size ? { lastYearOverdue: earlierTasks.size } : {}),
  };
}
