import { lunarMonth } from '../schedule/lunar-month.js';
import type { TaskWindow } from './types.js';

type Months = [number, number] | ((year: number) => [number, number]);

/**
 * Festival and season words that union plans use as times, with the months they stand
 * for. Deliberately absent (no concrete time): 读书节/读书日, 春秋游, 金秋助学, 送温暖 on
 * its own, anniversary years (建党100周年), award names (五一劳动奖, 三八红旗手).
 */
// Lunar festivals are resolved for the plan's year; 春节 stays 1–2: the visits and gifts around it span both.
const FESTIVALS: Array<{ re: RegExp; months: Months }> = [
  { re: /元旦[、和与及]?春节/g, months: [1, 2] },
  { re: /春节/g, months: [1, 2] },
  { re: /寒假/g, months: [1, 2] },
  { re: /元宵节?/g, months: (y) => [lunarMonth(y, '01-15', 2), lunarMonth(y, '01-15', 2)] },
  { re: /元旦/g, months: [1, 1] },
  { re: /“?三八”?(?:国际)?(?:劳动)?妇女节|“?三八”?节|(?<!三八)妇女节/g, months: [3, 3] },
  { re: /植树节/g, months: [3, 3] },
  { re: /清明节?/g, months: [4, 4] },
  { re: /“?五一”?(?:国际)?劳动节|“?五一”?(?:节|期间|前后|小长假)|(?<!五一”?)劳动节/g, months: [5, 5] },
  { re: /“?五四”?(?:青年节|期间|前后)|(?<!五四”?)青年节/g, months: [5, 5] },
  { re: /母亲节/g, months: [5, 5] },
  { re: /端午节?/g, months: (y) => [lunarMonth(y, '05-05', 6), lunarMonth(y, '05-05', 6)] },
  { re: /“?六一”?(?:国际)?儿童节|(?<!六一”?)儿童节/g, months: [6, 6] },
  { re: /“?七一”?(?:建党节|前后|期间)/g, months: [7, 7] },
  { re: /高温季节|高温期间|夏季高温|送清凉|防暑降温/g, months: [7, 8] },
  { re: /暑期|暑假/g, months: [7, 8] },
  { re: /“?八一”?建军节|(?<!八一”?)建军节/g, months: [8, 8] },
  { re: /教师节/g, months: [9, 9] },
  { re: /中秋[、和与及]?国庆/g, months: (y) => [Math.min(lunarMonth(y, '08-15', 9), 10), 10] },
  { re: /中秋节?/g, months: (y) => [lunarMonth(y, '08-15', 9), lunarMonth(y, '08-15', 9)] },
  { re: /“?国庆”?节?/g, months: [10, 10] },
  { re: /重阳节?/g, months: (y) => [lunarMonth(y, '09-09', 10), lunarMonth(y, '09-09', 10)] },
];

/** Clause words meaning "in due course": the festival is then not a date. */
const NOT_A_DATE_CLAUSE = /适时|择机|视情|择时/;
const CLAUSE_BREAK = /[，。；！？,;!?\n]/;

function clauseAround(s: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !CLAUSE_BREAK.test(s[a - 1]!)) a--;
  let b = end;
  while (b < s.length && !CLAUSE_BREAK.test(s[b]!)) b++;
  return s.slice(a, b);
}

export interface FestivalMention {
  start: number;
  end: number;
  windows: TaskWindow[];
}

/** Festival words in the (scan) text; anniversaries and 适时 clauses are skipped. */
export function findFestivalMentions(s: string, planYear: number): FestivalMention[] {
  const out: FestivalMention[] = [];
  for (const f of FESTIVALS) {
    for (const m of s.matchAll(f.re)) {
      const start = m.index!;
      const end = start + m[0].length;
      // "国庆70周年", "春节 100 周年" name an anniversary, not a time of year.
      if (/^\s*”?\s*\d+\s*周年/.test(s.slice(end, end + 10))) continue;
      if (NOT_A_DATE_CLAUSE.test(clauseAround(s, start, end))) continue;
      const [from, to] = typeof f.months === 'function' ? f.months(planYear) : f.months;
      out.push({ start, end, windows: [{ startYear: planYear, startMonth: from, endYear: planYear, endMonth: to }] });
    }
  }
  return out;
}
