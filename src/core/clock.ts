/** A calendar day in the bot's time zone. Months are 1..12. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Every zone's offset is a whole number of quarter hours, so a local day never changes inside a UTC quarter
 * hour: the last answer per zone is kept for its quarter (formatToParts costs ~10 µs, and every turn asks).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const lastDay = new Map<string, { quarter: number; day: CalendarDay }>();

/** The calendar day `d` falls on in `timeZone` (Asia/Shanghai unless configured otherwise). */
export function shanghaiDate(d: Date, timeZone = DEFAULT_TIME_ZONE): CalendarDay {
  const quarter = Math.floor(d.getTime() / QUARTER_HOUR_MS);
  const hit = lastDay.get(timeZone);
  if (hit && hit.quarter === quarter) return { ...hit.day };
  const parts = formatterFor(timeZone).formatToParts(d);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const day = { year: get('year'), month: get('month'), day: get('day') };
  if (Number.isFinite(quarter)) lastDay.set(timeZone, { quarter, day });
  return { ...day };
}

/** Noon of a YYYY-MM-DD day in Shanghai (UTC+8, no DST): safely inside that day in any reading. */
export function shanghaiNoon(isoDay: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay.trim());
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T12:00:00+08:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  // Reject days that do not exist (2026-02-30 would roll over into March).
  const back = shanghaiDate(d);
  return back.month === Number(m[2]) && back.day === Number(m[3]) ? d : undefined;
}
