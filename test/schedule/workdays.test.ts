import { describe, expect, it } from 'vitest';
import { addDays, instantAt, localDayTime, mondayOf, weekday } from '../../src/schedule/days.js';
import {
  chinaCalendar, firstWorkdayAfter, firstWorkdayOfMonth, isCovered, isWorkday, workdaysBefore,
} from '../../src/schedule/workdays.js';

describe('China working calendar (chinese-days)', () => {
  it('National Day week 2026-10-01..07 is off, 10-08 is back to work', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkday(`2026-10-0${d}`), `2026-10-0${d}`).toBe(false);
    expect(isWorkday('2026-10-08')).toBe(true);
  });

  it('the 2026 make-up weekend days (调休) are workdays; the Mid-Autumn Sunday 09-27 is a holiday, not one of them', () => {
    const makeUp = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    for (const d of makeUp) {
      expect([0, 6]).toContain(weekday(d));
      expect(isWorkday(d), d).toBe(true);
    }
    expect(weekday('2026-09-27')).toBe(0);
    expect(isWorkday('2026-09-27')).toBe(false);
    // Plain weekends stay off, weekday holidays are off.
    expect(isWorkday('2026-10-11')).toBe(false);
    expect(isWorkday('2026-02-16')).toBe(false);
    expect(isWorkday('2026-06-19')).toBe(false);
  });

  it('knows which years it covers; an uncovered year falls back to Monday–Friday less the statutory days', () => {
    expect(isCovered(2026)).toBe(true);
    expect(isCovered(2099)).toBe(false);
    expect(isWorkday('2099-10-03')).toBe(false); // Saturday
    expect(firstWorkdayOfMonth(2099, 8)).toBe('2099-08-03'); // Aug 1 is a Saturday
    if (isCovered(2027)) return; // a newer chinese-days publishes 2027: nothing is computed then
    // 2027 by the law's rules: 元旦 (Fri 1 Jan), 春节 除夕..初三 (5–8 Feb), 清明, 劳动节 1–2 May,
    // 端午 (9 Jun), 中秋 (15 Sep), 国庆 1–3 Oct; no make-up days are guessed.
    expect(weekday('2027-01-01')).toBe(5);
    expect(isWorkday('2027-01-01')).toBe(false);
    expect(firstWorkdayOfMonth(2027, 1)).toBe('2027-01-04');
    expect(isWorkday('2027-02-05')).toBe(false);
    expect(isWorkday('2027-02-08')).toBe(false);
    expect(isWorkday('2027-02-09')).toBe(true);
    expect(isWorkday('2027-04-05')).toBe(false);
    expect(isWorkday('2027-06-09')).toBe(false);
    expect(isWorkday('2027-09-15')).toBe(false);
    expect(isWorkday('2027-10-01')).toBe(false);
    expect(isWorkday('2027-10-04')).toBe(true);
  });

  it('first workday of a month, first workday after a day, n workdays before a day', () => {
    expect(firstWorkdayOfMonth(2026, 10)).toBe('2026-10-08');
    expect(firstWorkdayOfMonth(2026, 1)).toBe('2026-01-04'); // Sunday make-up day after the New Year break
    expect(firstWorkdayOfMonth(2026, 2)).toBe('2026-02-02');
    expect(firstWorkdayOfMonth(2026, 5)).toBe('2026-05-06');
    expect(firstWorkdayAfter('2026-09-30')).toBe('2026-10-08');
    expect(firstWorkdayAfter('2026-10-31')).toBe('2026-11-02');
    expect(firstWorkdayAfter('2026-10-09')).toBe('2026-10-10'); // Saturday make-up day
    expect(workdaysBefore('2026-11-01', 5)).toBe('2026-10-26');
    expect(workdaysBefore('2026-10-12', 1)).toBe('2026-10-10');
    expect(workdaysBefore('2026-10-09', 2)).toBe('2026-09-30');
    // February 2026 ends with Saturday the 28th, a make-up day: it counts (28, 27, 26, 25, 24).
    expect(workdaysBefore('2026-03-01', 5)).toBe('2026-02-24');
    // Counting back across the Spring Festival break (02-15..23).
    expect(workdaysBefore('2026-02-25', 2)).toBe('2026-02-14');
  });

  it('does not depend on the machine time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(chinaCalendar.isWorkday('2026-10-10')).toBe(true);
      expect(chinaCalendar.isWorkday('2026-10-01')).toBe(false);
      expect(weekday('2026-10-10')).toBe(6);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('days in Asia/Shanghai', () => {
  it('maps wall-clock times to instants and back', () => {
    expect(instantAt('2026-10-08', '09:00').toISOString()).toBe('2026-10-08T01:00:00.000Z');
    expect(localDayTime(new Date('2026-10-07T16:30:00Z'))).toEqual({ day: '2026-10-08', time: '00:30' });
    expect(instantAt('2026-03-02', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(instantAt('2026-07-02', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-02T07:00:00.000Z');
  });

  it('day arithmetic crosses months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(mondayOf('2026-10-11')).toBe('2026-10-05');
    expect(mondayOf('2026-10-05')).toBe('2026-10-05');
  });
});
