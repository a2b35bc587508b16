import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client.js';
import { calendarDays } from '../schema.js';
import { audit } from './audit.js';

export interface CalendarDay { day: string; kind: 'holiday' | 'workday'; name: string }

/** Every imported day, oldest first. */
export async function listCalendarDays(db: DbOrTx): Promise<(CalendarDay & { year: number })[]> {
  return db.select({ day: calendarDays.day, year: calendarDays.year, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays).orderBy(asc(calendarDays.day));
}

/**
 * Replaces a year's imported schedule with `days` (a corrected notice replaces the earlier one whole), in one
 * transaction with its audit entry. Returns how many days the year had before.
 */
export async function replaceCalendarYear(db: Db, year: number, days: CalendarDay[], actor: string): Promise<{ before: number }> {
  return db.transaction(async (tx) => {
    const removed = await tx.delete(calendarDays).where(eq(calendarDays.year, year)).returning({ day: calendarDays.day });
    await tx.insert(calendarDays).values(days.map((d) => ({ ...d, year })));
    await audit(tx, {
      actor, action: 'holidays.import', subject: String(year),
      details: { holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length },
    });
    return { before: removed.length };
  });
}
