import type { CalendarDay } from '../core/clock.js';
import { MONTH_NUMBER, parseSmallNumber } from './chinese-numbers.js';
import type { Scanner } from './scanner.js';
import { addDays, isoDay, mondayOf, parseDay } from '../schedule/days.js';
import { festivalMonths } from './festivals.js';
import { nearestHoliday, nextFestivalDay } from './festival-days.js';

export interface YearMonth { year: number; month: number }

/** When a question is about. */
export interface TimeQuery {
  /** The plan year the question is about: today's year unless one is named (2027年, 明年). */
  year: number;
  /** True when the question named the year itself. */
  yearNamed: boolean;
  /** The months asked about; undefined for the whole year (今年, 全年, or no time words at all). */
  months?: YearMonth[];
  /** True when the question contained any time expression. */
  mentioned: boolean;
  /** A week asked about (本周, 下周) as its days, "7月13日-19日": the plan is by month, so the answer says so. */
  week?: string;
  /**
   * The months were named by the calendar without a year (12月, 第四季度, 下半年), not counted from today (下个月):
   * a question about what has happened may mean last year's (see latestBegun).
   */
  calendarMonths?: true;
}

const M = MONTH_NUMBER;
/** Festivals a deadline is set by (国庆前); their month comes from festivals.ts. */
const BEFORE_FESTIVALS = '国庆|十一|五一|劳动节|春节|元旦|中秋|端午|七一|六一|三八|妇女节|元宵|重阳';
/** A month number in Chinese only (two of them side by side are two months, 三四月). */
const CHINESE_MONTH = '(?:十[一二]|十|[一二三四五六七八九])';

function shift(ym: YearMonth, by: number): YearMonth {
  const i = ym.year * 12 + (ym.month - 1) + by;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** `from` through `to` (just `from` when `to` is earlier). */
function monthsThrough(from: YearMonth, to: YearMonth): YearMonth[] {
  const out: YearMonth[] = [from];
  for (let ym = shift(from, 1); ym.year * 12 + ym.month <= to.year * 12 + to.month && out.length < 13; ym = shift(ym, 1)) out.push(ym);
  return out;
}

function span(year: number, from: number, to: number): YearMonth[] {
  const out: YearMonth[] = [];
  for (let m = from; m <= to; m++) out.push({ year, month: m });
  return out;
}

const quarterOf = (month: number) => Math.ceil(month / 3);
const quarterMonths = (year: number, q: number) => span(year, q * 3 - 2, q * 3);

/**
 * Reads the time words of a question (本月, 下个月, 9月, 九月份, 7-8月, 第三季度, 下半年, 今年, 2027年1月 …)
 * and claims them in the scanner. Month numbers without a year belong to the named year, else today's.
 */
export function parseTime(s: Scanner, today: CalendarDay): TimeQuery {
  let year = today.year;
  let yearNamed = false;
  let wholeYear = false;
  const now: YearMonth = { year: today.year, month: today.month };
  const relative: YearMonth[] = [];
  const absolute: { from: number; to: number }[] = [];
  let quarters: number[] = [];

  s.take(/(20\d{2})\s*年(?:度)?/, (m) => { year = Number(m[1]); yearNamed = true; return true; });
  s.take(/今年|本年度|本年|当年|这一年/, () => { yearNamed = true; return true; });
  s.take(/明年|下一年|来年/, () => { year = today.year + 1; yearNamed = true; return true; });
  s.take(/去年|上一年/, () => { year = today.year - 1; yearNamed = true; return true; });
  s.take(/全年|整年/, () => { wholeYear = true; return true; });
  // 所有任务, 全部工作: everything the plan has, the year (本月所有任务 keeps its month).
  s.take(/(?:所有|全部)(?=的?(?:任务|工作|安排|事项|事情|活动|计划|目标))/, () => { wholeYear = true; return true; });

  s.take(/上半年/, () => { absolute.push({ from: 1, to: 6 }); return true; });
  s.take(/下半年/, () => { absolute.push({ from: 7, to: 12 }); return true; });
  s.take(/年初/, () => { absolute.push({ from: 1, to: 2 }); return true; });
  // A deadline: 国庆前, 年底前, 八月底前, 九月前: every month from this one until then (a festival's own month
  // and 九月 itself are not included; 年底 and 八月底 are).
  // Not 国庆节前后 (around it) nor 9月前两周 (its first weeks).
  s.take(new RegExp(`(?:(${M})\\s*月(?:份)?(底|末)?|(年底|年末|年终)|(${BEFORE_FESTIVALS}))(?:节)?之?前(?![后半两二三四五六七八九十几0-9个])`), (m) => {
    let end: number | undefined;
    if (m[1]) end = parseSmallNumber(m[1]) ?? undefined;
    if (end !== undefined && !m[2]) end -= 1; // 九月前: until August
    if (m[3]) end = 12;
    if (m[4]) {
      // Work before a festival: up to its month when it falls late in the month (春节 on 2月17日: 1-2月's
      // 春节 work is done before it), else up to the month before (国庆 on 10月1日: until September).
      const day = nextFestivalDay(m[4], isoDay(today.year, today.month, today.day));
      if (!day) return false;
      const f = parseDay(day);
      const last = shift({ year: f.year, month: f.month }, f.day >= 10 ? 0 : -1);
      relative.push(...monthsThrough(now, last));
      return true;
    }
    if (end === undefined || end < 0 || end > 12) return false;
    if (end === 0) end = 12; // 元旦前, 一月前: the end of this year
    // Months from now through `end`, into next year if it has passed (九月前 asked in November).
    for (let k = 0, ym = now; k < 12; k++, ym = shift(now, k)) {
      relative.push(ym);
      if (ym.month === end) break;
    }
    return true;
  });
  // After a festival (春节后, 国庆节后, and a bare 节后 for the nearest holiday): the two months that follow it,
  // from its own month when it falls early in the month (国庆: October). A festival a week past still counts.
  s.take(new RegExp(`(${BEFORE_FESTIVALS})?(?:节日|节|假期|长假)?之?(后|前)(?![后半两二三四五六七八九十几0-9个])`, 'u'), (m) => {
    const from = isoDay(today.year, today.month, today.day);
    // A bare 节后 starts the question or follows 过/完 (过完节后), not a word of a title (环节后).
    const before = m.index > 0 ? m.input[m.index - 1]! : '';
    if (!m[1] && (!/^(?:节|假|长假)/.test(m[0]) || (/\p{Script=Han}/u.test(before) && !/[过完放]/.test(before)))) return false;
    const found = m[1] ? { word: m[1], day: nextFestivalDay(m[1], from, m[2] === '后' ? 7 : 0) } : nearestHoliday(from, m[2] === '后' ? 7 : 0);
    if (!found?.day) return false;
    const f = parseDay(found.day);
    if (m[2] === '前') {
      relative.push(...monthsThrough(now, shift({ year: f.year, month: f.month }, f.day >= 10 ? 0 : -1)));
      return true;
    }
    const first = shift({ year: f.year, month: f.month }, f.day > 10 ? 1 : 0);
    relative.push(first, shift(first, 1));
    return true;
  });
  s.take(/年底|年末|年终/, () => { absolute.push({ from: 11, to: 12 }); return true; });

  s.take(/(?:本|这个|这|当前|当)季度?/, () => { quarters.push(quarterOf(today.month)); return true; });
  s.take(/(下|上)(?:个|一)?季度/, (m) => {
    const q = shift(now, m[1] === '下' ? 3 : -3);
    relative.push(...quarterMonths(q.year, quarterOf(q.month)));
    return true;
  });
  // 前三季度: the first three quarters (before 三季度 below reads it as the third alone).
  s.take(/前([一二两三四1-4])个?季度/, (m) => {
    const n = parseSmallNumber(m[1]!);
    if (!n) return false;
    for (let q = 1; q <= n; q++) quarters.push(q);
    return true;
  });
  s.take(/第?([一二三四1-4])季度|[Qq]([1-4])(?![\d])/, (m) => {
    const q = parseSmallNumber(m[1] ?? m[2]!);
    if (!q) return false;
    quarters.push(q); return true;
  });

  // This month's end or start (before 本月 below would take 本月 and leave 底).
  s.take(/(?:本|这个|这)?月(?:底|末|初)(?:前)?/, () => { relative.push(now); return true; });
  // 查一下下个月 is 一下 + 下个月, not 下下个月.
  s.take(/(?<!一)下下个?月/, () => { relative.push(shift(now, 2)); return true; });
  s.take(/(?:下个|下一个|下)月(?:份)?/, () => { relative.push(shift(now, 1)); return true; });
  s.take(/(?:上个|上一个|上)月(?:份)?/, () => { relative.push(shift(now, -1)); return true; });
  s.take(/(?:本|这个|这|当|此)月(?:份)?/, () => { relative.push(now); return true; });
  // A slip of the pinyin input method (本越任务, 下个越): 越 for 月, only right after 本 / 上个 / 下个.
  s.take(/(本|上个|下个)越(?:份)?/, (m) => { relative.push(m[1] === '本' ? now : shift(now, m[1] === '上个' ? -1 : 1)); return true; });
  s.take(/近期|最近|近来|接下来|即将|马上/, () => { relative.push(now, shift(now, 1)); return true; });
  // 今天要干嘛, 目前有什么任务: this month's work; only with words of work (今天天气怎么样 is no question about it).
  const work = '(?=.*(?:任务|工作|安排|事|干|做|办))';
  s.take(new RegExp(`(?:今天|今日|现在|目前|当前|眼下|这几天|这两天)${work}`), () => { relative.push(now); return true; });
  s.take(new RegExp(`(?:明天|明日)${work}`), () => { relative.push(parseDay(addDays(isoDay(today.year, today.month, today.day), 1))); return true; });
  // Weeks: the month(s) their days fall in.
  let week: string | undefined;
  const weekMonths = (weeksAhead: number) => {
    const monday = addDays(mondayOf(isoDay(today.year, today.month, today.day)), 7 * weeksAhead);
    const days = [monday, addDays(monday, 6)].map(parseDay);
    for (const { year, month } of days) relative.push({ year, month });
    const [a, b] = days as [ReturnType<typeof parseDay>, ReturnType<typeof parseDay>];
    week = `${a.month}月${a.day}日-${b.month === a.month ? '' : `${b.month}月`}${b.day}日`;
  };
  s.take(/(?:本|这个?|这一)(?:周|星期|礼拜)/, () => { weekMonths(0); return true; });
  s.take(/下(?:个|一)?(?:周|星期|礼拜)/, () => { weekMonths(1); return true; });

  // Ranges and lists: 7-8月, 7到9月, 3月到5月, 7月份至9月份, 九至十月, 三四月份, 9、10月, 9月和10月 (the last is
  // two matches).
  const range = (m: RegExpExecArray, adjacentOnly = false) => {
    const a = parseSmallNumber(m[1]!), b = parseSmallNumber(m[2]!);
    if (!a || !b || a > 12 || b > 12 || a > b || (adjacentOnly && b !== a + 1)) return false;
    absolute.push({ from: a, to: b }); return true;
  };
  const to = '\\s*(?:-|~|～|—|–|到|至)\\s*';
  s.take(new RegExp(`(?<![\\d.])(${M})\\s*月(?:份)?${to}(${M})\\s*月(?:份)?`), (m) => range(m));
  s.take(new RegExp(`(?<![\\d.])(${M})${to}(${M})\\s*月(?:份)?`), (m) => range(m));
  // Two neighbouring months said together (一二月份, 十一十二月): 十二月 alone reads as 十 + 二 and is refused.
  s.take(new RegExp(`(?<![\\d.])(${CHINESE_MONTH})(${CHINESE_MONTH})\\s*月(?:份)?`), (m) => range(m, true));
  s.take(new RegExp(`(?<![\\d.])(${M}(?:\\s*[、,，和及与]\\s*${M})*)\\s*月(?:份)?`), (m) => {
    const parts = m[1]!.split(/\s*[、,，和及与]\s*/).map(parseSmallNumber);
    if (parts.some((p) => !p || p > 12)) return false;
    for (const p of parts) absolute.push({ from: p!, to: p! });
    return true;
  });

  quarters = [...new Set(quarters)];
  const months: YearMonth[] = [...relative];
  for (const a of absolute) months.push(...span(year, a.from, a.to));
  for (const q of quarters) months.push(...quarterMonths(year, q));
  const mentioned = yearNamed || wholeYear || months.length > 0;
  if (!months.length) return { year, yearNamed, mentioned };
  const calendar = !yearNamed && !relative.length ? { calendarMonths: true as const } : {};
  const unique = new Map(months.map((ym) => [ym.year * 12 + ym.month, ym]));
  const sorted = [...unique.values()].sort((a, b) => a.year - b.year || a.month - b.month);
  // A relative expression alone (下个月 in December) moves the plan year with it.
  const planYear = yearNamed ? year : sorted[0]!.year;
  return { year: planYear, yearNamed, months: sorted, mentioned, ...(week ? { week } : {}), ...calendar };
}

/**
 * For questions about what has happened (进度, 未完成, 逾期): months named without a year that have not begun yet
 * are last year's, the most recent such months (12月 asked in January 2027 is December 2026, not December 2027).
 */
export function latestBegun(time: TimeQuery, today: CalendarDay): TimeQuery {
  if (!time.calendarMonths || !time.months?.length) return time;
  const first = Math.min(...time.months.map((m) => m.year * 12 + m.month));
  if (first <= today.year * 12 + today.month) return time;
  return { ...time, year: time.year - 1, months: time.months.map((m) => ({ year: m.year - 1, month: m.month })) };
}

/**
 * The other way round, for questions about the work ahead: months named without a year that have all ended this
 * year, as next year's (1月份 asked in December); undefined when they have not all ended. See commands/query-tasks.ts.
 */
export function nextOfEnded(time: TimeQuery, today: CalendarDay): TimeQuery | undefined {
  if (!time.calendarMonths || !time.months?.length) return undefined;
  if (time.months.some((m) => m.year * 12 + m.month >= today.year * 12 + today.month)) return undefined;
  return { ...time, year: time.year + 1, months: time.months.map((m) => ({ year: m.year + 1, month: m.month })) };
}

/** From this month on, work whose months are over this year is asked about for its coming turn (see comingTurn). */
const YEAR_END_MONTH = 11;

/**
 * Late in the year (November, December) a question about months that are all over this year and named without a
 * year ("1月份有什么任务"), or about a task whose months are ("春节慰问什么时候", the months then being the task's), is
 * about the coming turn: those months of next year. Undefined earlier in the year, or when some month is still to
 * come. Answers use it only when next year's plan is imported (commands/query-tasks.ts, commands/when.ts).
 */
export function comingTurn(time: TimeQuery, today: CalendarDay): TimeQuery | undefined {
  return today.month >= YEAR_END_MONTH ? nextOfEnded(time, today) : undefined;
}

/** "2026年7月", "2026年9-10月", "2026年2月、10月", "2026年12月、2027年1月". */
export function formatYearMonths(months: YearMonth[]): string {
  const byYear = new Map<number, number[]>();
  for (const ym of months) byYear.set(ym.year, [...(byYear.get(ym.year) ?? []), ym.month]);
  return [...byYear].map(([y, ms]) => {
    const runs: string[] = [];
    for (let i = 0; i < ms.length;) {
      let j = i;
      while (j + 1 < ms.length && ms[j + 1] === ms[j]! + 1) j++;
      runs.push(i === j ? `${ms[i]}月` : `${ms[i]}-${ms[j]}月`);
      i = j + 1;
    }
    return `${y}年${runs.join('、')}`;
  }).join('、');
}
