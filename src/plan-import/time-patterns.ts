import type { TaskWindow } from './types.js';

/**
 * Regular expressions and small helpers for Chinese time expressions. The regexes run on
 * the "scan" string (see toScan), which has the same length as the original text.
 */
export const SP = '[ \\t\\u3000]*';
const CN_DIGITS = '〇零一二三四五六七八九';
const AR_MONTH = '(?<![\\d.])(?:1[0-2]|0?[1-9])(?![\\d.])';
const CN_MONTH =
  '(?<![一二三四五六七八九十〇零两百千万统唯每逐单同第数几个这那本上下该当次隔])(?:十[一二]?|[一二三四五六七八九])';
const MN = `(?:${AR_MONTH}|${CN_MONTH})`;
const YEAR_WORD = '次年|明年|翌年|来年|下一年|当年|本年|今年|上年|去年';
const YP = `(?:(?:(?<!\\d)\\d{4}${SP}年|(?<![${CN_DIGITS}])[${CN_DIGITS}]{4}${SP}年|${YEAR_WORD})${SP})?`;
const DAY = `(?:${SP}(?:[0-3]?\\d|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])${SP}[日号])`;
const QUAL = `(?:${SP}(?:上旬|中旬|下旬|初|底|末))?`;
const MONTH1 = `${YP}${MN}${SP}月份?${DAY}?`;

export const RE_RANGE = new RegExp(
  `${YP}${MN}${SP}(?:月份?${DAY}?)?${SP}(?:-|~|至|到)${SP}${MONTH1}${QUAL}`,
  'g',
);
export const RE_OR = new RegExp(`${YP}${MN}${SP}(?:月份?)?${SP}或${SP}${MN}${SP}月份?${QUAL}`, 'g');
// Lists are bounded ({1,11}) so a long run of "1、1、1、…" cannot make matching quadratic.
export const RE_LIST = new RegExp(`${MONTH1}(?:${SP}[、和及与,]${SP}${MONTH1}){1,11}${QUAL}`, 'g');
export const RE_BARE_LIST = new RegExp(`${YP}${MN}(?:${SP}[、和及与]${SP}${MN}){1,11}${SP}月份?${QUAL}`, 'g');
export const RE_MONTH = new RegExp(`${MONTH1}${QUAL}`, 'g');
export const RE_EVENT = new RegExp(
  `(?<![\\d.])(1[0-2]|[1-9])[.·•](\\d{1,2})(?![\\d.%])(?!${SP}[万亿元倍%％个人家项件米吨次名场期届])${SP}[”"]?${SP}[\\u4e00-\\u9fa5“"][^\\s，。；、：,;:（）()]{0,13}?[日节]`,
  'g',
);
export const RE_QUARTER = new RegExp(
  `${YP}(?:第${SP})?([一二三四1-4])${SP}(?:[、至到和-]${SP}(?:第${SP})?([一二三四1-4])${SP})?季度`,
  'g',
);
export const RE_HALF = new RegExp(`${YP}(上半年|下半年)`, 'g');
/** "年初/年底/年末/年终/岁末", optionally after a year; or a bare 底/末/初 right after "2027年". */
export const RE_EDGE = new RegExp(`(?<!\\d)(\\d{4})${SP}年${SP}(底|末|初)(?!心|衷|步|期)|${YP}(年初|年底|年末|年终(?!奖)|岁末)`, 'g');
export const RE_SEASON = /(?<![春夏秋冬])(春季|夏季|秋季|冬季)/g;
export const RE_ALL_YEAR = /全年|常年/g;

const CN_NUM: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 〇: 0, 零: 0,
};

/** Value of a month or quarter numeral: "7", "07", "七", "十二". */
export function numeralValue(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.startsWith('十')) return 10 + (s.length > 1 ? CN_NUM[s[1]!] ?? 0 : 0);
  return CN_NUM[s] ?? NaN;
}

/**
 * Same-length copy of the text with full-width digits and dash/tilde variants folded to
 * ASCII, so regexes can match while offsets still point into the original.
 */
export function toScan(s: string): string {
  return s.replace(/[０-９－—–～〜．]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 48);
    if (c === '～' || c === '〜') return '~';
    if (c === '．') return '.';
    return '-';
  });
}

export function yearOf(token: string, planYear: number): number | null {
  const t = token.replace(/[\s\u3000]/g, '').replace(/^([0-9〇零一二三四五六七八九]{4})年$/, '$1');
  if (/^\d{4}$/.test(t)) return Number(t);
  if (/^[〇零一二三四五六七八九]{4}$/.test(t)) return Number([...t].map((c) => CN_NUM[c]).join(''));
  if (/^(次年|明年|翌年|来年|下一年)$/.test(t)) return planYear + 1;
  if (/^(当年|本年|今年)$/.test(t)) return planYear;
  if (/^(上年|去年)$/.test(t)) return planYear - 1;
  return null;
}

interface MonthToken {
  year: number | null;
  month: number;
}

const TOKEN_RE = new RegExp(
  `(\\d{4}${SP}年|[${CN_DIGITS}]{4}${SP}年|${YEAR_WORD})|(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])`,
  'g',
);

/** Month numbers (with optional years) in a matched range/list, days removed first. */
export function monthTokens(text: string, planYear: number): MonthToken[] {
  const cleaned = text.replace(new RegExp(DAY, 'g'), (m) => ' '.repeat(m.length));
  const out: MonthToken[] = [];
  let pendingYear: number | null = null;
  for (const m of cleaned.matchAll(TOKEN_RE)) {
    if (m[1]) {
      pendingYear = yearOf(m[1], planYear);
      continue;
    }
    const month = numeralValue(m[2]!);
    if (!(month >= 1 && month <= 12)) continue;
    out.push({ year: pendingYear, month });
    pendingYear = null;
  }
  return out;
}

export function win(y1: number, m1: number, y2: number, m2: number): TaskWindow {
  return { startYear: y1, startMonth: m1, endYear: y2, endMonth: m2 };
}

/** Windows for a month range / list / "或" expression. */
export function windowsFromTokens(tokens: MonthToken[], planYear: number, mode: 'range' | 'list'): TaskWindow[] {
  if (!tokens.length) return [];
  let year = tokens[0]!.year ?? planYear;
  if (mode === 'range' && tokens.length >= 2) {
    const a = tokens[0]!;
    const b = tokens[tokens.length - 1]!;
    const y1 = a.year ?? planYear;
    let y2 = b.year ?? y1;
    if (b.year == null && b.month < a.month) y2 = y1 + 1;
    if (y2 < y1 || (y2 === y1 && b.month < a.month)) return [win(y1, a.month, y1, a.month)];
    return [win(y1, a.month, y2, b.month)];
  }
  const out: TaskWindow[] = [];
  for (const t of tokens) {
    if (t.year != null) year = t.year;
    out.push(win(year, t.month, year, t.month));
  }
  return out;
}

export function edgeWindows(word: string, year: number): TaskWindow[] {
  if (word === '年初' || word === '初') return [win(year, 1, year, 1)];
  return [win(year, 12, year, 12)];
}
