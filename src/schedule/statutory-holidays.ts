import { createRequire } from 'node:module';
import { addDays, type IsoDay } from './days.js';

interface LunarApi {
  getSolarDateFromLunar(lunar: string): { date: string };
  getSolarTerms(start: string, end: string): { date: string; name: string }[];
}
const lunar = createRequire(import.meta.url)('chinese-days') as LunarApi;

const cache = new Map<number, Set<IsoDay>>();

/**
 * The statutory days off of a year whose official schedule is not published yet, from the rules of
 * 《全国年节及纪念日放假办法》(2024 revision): 元旦 1 Jan; 春节 除夕 to 正月初三; 清明 (solar term);
 * 劳动节 1–2 May; 端午 五月初五; 中秋 八月十五; 国庆 1–3 Oct. The State Council's yearly notice adds
 * bridging days and make-up workdays, which cannot be known in advance and are not guessed here.
 */
export function statutoryHolidays(year: number): Set<IsoDay> {
  let days = cache.get(year);
  if (days) return days;
  days = new Set<IsoDay>();
  const add = (d: string) => days!.add(d as IsoDay);
  try {
    const springFestival = lunar.getSolarDateFromLunar(`${year}-01-01`).date as IsoDay;
    for (let i = -1; i <= 2; i++) add(addDays(springFestival, i));
    add(lunar.getSolarDateFromLunar(`${year}-05-05`).date);
    add(lunar.getSolarDateFromLunar(`${year}-08-15`).date);
    const qingming = lunar.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
    if (qingming) add(qingming.date);
  } catch {
    // Outside the lunar tables' range: only the fixed-date holidays below.
  }
  for (const d of ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']) add(`${year}-${d}`);
  cache.set(year, days);
  return days;
}
