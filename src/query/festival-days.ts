import { lunarDay } from '../schedule/lunar-month.js';
import { isoDay, type IsoDay } from '../schedule/days.js';

/**
 * The day of the festivals a question may be timed by (春节前, 节后有什么安排): solar ones by date, lunar ones
 * through chinese-days (春节 is 2026-02-17, 2027-02-06).
 */
const DAYS: [RegExp, string, 'solar' | 'lunar'][] = [
  [/春节|新春|过年/, '01-01', 'lunar'],
  [/元宵/, '01-15', 'lunar'],
  [/端午/, '05-05', 'lunar'],
  [/中秋/, '08-15', 'lunar'],
  [/重阳/, '09-09', 'lunar'],
  [/元旦/, '01-01', 'solar'],
  [/三八|妇女节/, '03-08', 'solar'],
  [/五一|劳动节/, '05-01', 'solar'],
  [/六一/, '06-01', 'solar'],
  [/七一/, '07-01', 'solar'],
  [/国庆|十一/, '10-01', 'solar'],
];

/** The festival a word names, in `year`; undefined for an unknown word or a lunar year outside the tables. */
export function festivalDay(word: string, year: number): IsoDay | undefined {
  const hit = DAYS.find(([re]) => re.test(word));
  if (!hit) return undefined;
  const [, md, kind] = hit;
  return kind === 'lunar' ? lunarDay(year, md) : isoDay(year, Number(md.slice(0, 2)), Number(md.slice(3)));
}

/**
 * The festival's next day on or after `from` (this year's, else next year's). With a `lead` of days, a festival
 * just past still counts (节后 asked the week after 春节 is about that 春节).
 */
export function nextFestivalDay(word: string, from: IsoDay, lead = 0): IsoDay | undefined {
  const year = Number(from.slice(0, 4));
  for (const y of [year - 1, year, year + 1]) {
    const d = festivalDay(word, y);
    if (d && daysBetween(d, from) <= lead) return d;
  }
  return undefined;
}

/** Holidays a bare 节前 / 节后 can mean: the nearest of them. */
const HOLIDAYS = ['元旦', '春节', '五一', '端午', '中秋', '国庆'];

/** The holiday nearest ahead of `from` (or just past, within `lead` days), for a bare 节前 / 节后. */
export function nearestHoliday(from: IsoDay, lead = 0): { word: string; day: IsoDay } | undefined {
  const days = HOLIDAYS.map((word) => ({ word, day: nextFestivalDay(word, from, lead) }))
    .filter((x): x is { word: string; day: IsoDay } => !!x.day)
    .sort((a, b) => a.day.localeCompare(b.day));
  return days[0];
}

/** How many days `day` lies before `from` (negative when after). */
function daysBetween(day: IsoDay, from: IsoDay): number {
  return (Date.parse(`${from}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000;
}
