import { createRequire } from 'node:module';

const { getSolarDateFromLunar } = createRequire(import.meta.url)('chinese-days') as {
  getSolarDateFromLunar(lunar: string): { date: string };
};

/**
 * The Gregorian month of a lunar date ("08-15") in `year`: 中秋 is September in 2027, October in 2025.
 * `usual` when chinese-days cannot tell (a year outside its tables).
 */
export function lunarMonth(year: number, lunarDate: string, usual: number): number {
  try {
    return Number(getSolarDateFromLunar(`${year}-${lunarDate}`).date.slice(5, 7)) || usual;
  } catch {
    return usual;
  }
}

/** The Gregorian day ("2026-02-17") of a lunar date ("01-01") in `year`, or undefined outside chinese-days' tables. */
export function lunarDay(year: number, lunarDate: string): string | undefined {
  try {
    const d = getSolarDateFromLunar(`${year}-${lunarDate}`).date;
    return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined;
  } catch {
    return undefined;
  }
}
