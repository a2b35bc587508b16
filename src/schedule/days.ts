/**
 * Calendar days as `YYYY-MM-DD` strings and the instants they map to in a time zone.
 * Day arithmetic runs on UTC dates, so the machine's own time zone never leaks in.
 */
export type IsoDay = string;

export const BOT_TIME_ZONE = 'Asia/Shanghai';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isoDay(year: number, month: number, day: number): IsoDay {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function parseDay(day: IsoDay): { year: number; month: number; day: number } {
  const [y, m, d] = day.split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

function utc(day: IsoDay): Date {
  const p = parseDay(day);
  return new Date(Date.UTC(p.year, p.month - 1, p.day));
}

export function addDays(day: IsoDay, n: number): IsoDay {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: IsoDay): number {
  return utc(day).getUTCDay();
}

export function lastDayOfMonth(year: number, month: number): IsoDay {
  return isoDay(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/** The Monday of the Monday–Sunday week holding `day`. */
export function mondayOf(day: IsoDay): IsoDay {
  return addDays(day, -((weekday(day) + 6) % 7));
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string): Record<string, number> {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The local day and `HH:MM` of an instant in `timeZone`. */
export function localDayTime(instant: Date, timeZone = BOT_TIME_ZONE): { day: IsoDay; time: string } {
  const p = parts(instant, timeZone);
  return { day: isoDay(p.year!, p.month!, p.day!), time: `${pad(p.hour!)}:${pad(p.minute!)}` };
}

/** The instant at which the wall clock in `timeZone` shows `day` `time` (HH:MM). */
export function instantAt(day: IsoDay, time: string, timeZone = BOT_TIME_ZONE): Date {
  const { year, month, day: d } = parseDay(day);
  const [h, m] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, d, h!, m!);
  // Two rounds settle the offset even next to a DST change (Asia/Shanghai has none since 1991).
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    guess += wall - shown;
  }
  return new Date(guess);
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 10月8日（周四）; the year is shown when it differs from `currentYear`. */
export function chineseDay(day: IsoDay, currentYear?: number, withWeekday = false): string {
  const p = parseDay(day);
  const y = currentYear !== undefined && p.year !== currentYear ? `${p.year}年` : '';
  return `${y}${p.month}月${p.day}日${withWeekday ? `（周${WEEKDAYS[weekday(day)]}）` : ''}`;
}
