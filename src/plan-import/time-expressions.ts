import type { TaskWindow } from './types.js';
import { findFestivalMentions } from './festival-words.js';

/**
 * What kind of wording a time mention is:
 * - month: explicit months ("3月", "1-2月", "7 月、12 月", "2027 年 1 月")
 * - event: a day date naming an event ("7.15 城管公众开放日")
 * - season: quarters, halves, seasons, year start/end ("第三季度", "下半年", "年底")
 * - festival: festival and season words from the plan vocabulary ("元旦春节", "送清凉")
 * - allYear: "全年", "常年", "1-12月"
 */
export type MentionKind = 'month' | 'event' | 'season' | 'festival' | 'allYear';

export interface TimeMention {
  /** Offsets into the scanned string (same as the input string). */
  start: number;
  end: number;
  /** Literal text of the expression, as written. */
  text: string;
  windows: TaskWindow[];
  allYear: boolean;
  kind: MentionKind;
}

// ---- regex building blocks (applied to the scan string, see toScan) ----
const SP = '[ \\t\\u3000]*';
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

const RE_RANGE = new RegExp(
  `${YP}${MN}${SP}(?:月份?${DAY}?)?${SP}(?:-|~|至|到)${SP}${MONTH1}${QUAL}`,
  'g',
);
const RE_OR = new RegExp(`${YP}${MN}${SP}(?:月份?)?${SP}或${SP}${MN}${SP}月份?${QUAL}`, 'g');
const RE_LIST = new RegExp(`${MONTH1}(?:${SP}[、和及与,]${SP}${MONTH1})+${QUAL}`, 'g');
const RE_BARE_LIST = new RegExp(`${YP}${MN}(?:${SP}[、和及与]${SP}${MN})+${SP}月份?${QUAL}`, 'g');
const RE_MONTH = new RegExp(`${MONTH1}${QUAL}`, 'g');
const RE_EVENT = new RegExp(
  `(?<![\\d.])(1[0-2]|[1-9])[.·•](\\d{1,2})(?![\\d.%])(?!${SP}[万亿元倍%％个人家项件米吨次名场期届])${SP}[”"]?${SP}[\\u4e00-\\u9fa5“"][^\\s，。；、：,;:（）()]{0,13}?[日节]`,
  'g',
);
const RE_QUARTER = new RegExp(
  `${YP}(?:第${SP})?([一二三四1-4])${SP}(?:[、至到和-]${SP}(?:第${SP})?([一二三四1-4])${SP})?季度`,
  'g',
);
const RE_HALF = new RegExp(`${YP}(上半年|下半年)`, 'g');
const RE_EDGE = new RegExp(`(?:(?<!\\d)(\\d{4})${SP}年${SP}(?=[底末初])|${YP})(年初|年底|年末|年终(?!奖)|岁末|底|末|初)`, 'g');
const RE_SEASON = /(?<![春夏秋冬])(春季|夏季|秋季|冬季)/g;
const RE_ALL_YEAR = /全年|常年/g;

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

function yearOf(token: string, planYear: number): number | null {
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
  /** Separator text between the previous token and this one. */
  sep: string;
}

const TOKEN_RE = new RegExp(
  `(\\d{4}${SP}年|[${CN_DIGITS}]{4}${SP}年|${YEAR_WORD})|(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])`,
  'g',
);

/** Month numbers (with optional years) in a matched range/list, days removed first. */
function monthTokens(text: string, planYear: number): MonthToken[] {
  const cleaned = text.replace(new RegExp(DAY, 'g'), (m) => ' '.repeat(m.length));
  const out: MonthToken[] = [];
  let pendingYear: number | null = null;
  let lastEnd = 0;
  for (const m of cleaned.matchAll(TOKEN_RE)) {
    if (m[1]) {
      pendingYear = yearOf(m[1], planYear);
      continue;
    }
    const month = numeralValue(m[2]!);
    if (!(month >= 1 && month <= 12)) continue;
    out.push({ year: pendingYear, month, sep: cleaned.slice(lastEnd, m.index) });
    pendingYear = null;
    lastEnd = m.index! + m[0].length;
  }
  return out;
}

function win(y1: number, m1: number, y2: number, m2: number): TaskWindow {
  return { startYear: y1, startMonth: m1, endYear: y2, endMonth: m2 };
}

/** Windows for a month range / list / "或" expression. */
function windowsFromTokens(tokens: MonthToken[], planYear: number, mode: 'range' | 'list'): TaskWindow[] {
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

interface Candidate extends TimeMention {
  priority: number;
}

function push(
  out: Candidate[],
  m: RegExpMatchArray,
  original: string,
  windows: TaskWindow[],
  kind: MentionKind,
  priority: number,
  allYear = false,
): void {
  if (!windows.length) return;
  const start = m.index!;
  const end = start + m[0].length;
  out.push({ start, end, text: original.slice(start, end), windows, allYear, kind, priority });
}

function edgeWindows(word: string, year: number): TaskWindow[] {
  if (word === '年初' || word === '初') return [win(year, 1, year, 1)];
  return [win(year, 12, year, 12)];
}

/**
 * Finds time expressions in a text. Never throws. `planYear` is used for expressions
 * without a year. Festival words are skipped in clauses that say 适时/择机/视情.
 */
export function findTimeMentions(text: string, planYear: number): TimeMention[] {
  const key = `${planYear}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit.map((m) => ({ ...m, windows: m.windows.map((w) => ({ ...w })) }));
  const found = scanMentions(text, planYear);
  if (cache.size >= 2000) cache.clear();
  cache.set(key, found);
  return found.map((m) => ({ ...m, windows: m.windows.map((w) => ({ ...w })) }));
}

/** Small memo: the same paragraph is scanned by several passes (timing, titles, body tasks). */
const cache = new Map<string, TimeMention[]>();

function scanMentions(text: string, planYear: number): TimeMention[] {
  // Cheap exit: no digit, numeral month, season or festival character at all.
  if (!/[0-9０-９月季年节全常春夏秋冬暑寒清凉温旦宵午阳庆高]/.test(text)) return [];
  const s = toScan(text);
  const cands: Candidate[] = [];

  for (const m of s.matchAll(RE_RANGE)) {
    const ws = windowsFromTokens(monthTokens(m[0], planYear), planYear, 'range');
    const full = ws.length === 1 && ws[0]!.startMonth === 1 && ws[0]!.endMonth === 12 && ws[0]!.startYear === ws[0]!.endYear;
    push(cands, m, text, ws, full ? 'allYear' : 'month', 5, full);
  }
  for (const m of s.matchAll(RE_OR)) push(cands, m, text, windowsFromTokens(monthTokens(m[0], planYear), planYear, 'range'), 'month', 5);
  for (const m of s.matchAll(RE_LIST)) push(cands, m, text, windowsFromTokens(monthTokens(m[0], planYear), planYear, 'list'), 'month', 4);
  for (const m of s.matchAll(RE_BARE_LIST)) push(cands, m, text, windowsFromTokens(monthTokens(m[0], planYear), planYear, 'list'), 'month', 4);
  for (const m of s.matchAll(RE_MONTH)) push(cands, m, text, windowsFromTokens(monthTokens(m[0], planYear), planYear, 'list'), 'month', 3);
  for (const m of s.matchAll(RE_EVENT)) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (day >= 1 && day <= 31) push(cands, m, text, [win(planYear, month, planYear, month)], 'event', 4);
  }
  for (const m of s.matchAll(RE_QUARTER)) {
    const yearTok = /^(.*?年|次年|明年|翌年|来年|下一年|当年|本年|今年|上年|去年)/.exec(m[0].replace(/^第/, ''));
    const y = (yearTok && yearOf(yearTok[1]!, planYear)) ?? planYear;
    const q1 = numeralValue(m[1]!);
    const q2 = m[2] ? numeralValue(m[2]) : q1;
    if (q1 >= 1 && q2 >= q1 && q2 <= 4) push(cands, m, text, [win(y, q1 * 3 - 2, y, q2 * 3)], 'season', 3);
  }
  for (const m of s.matchAll(RE_HALF)) {
    const y = yearOf(m[0].replace(/(上|下)半年$/, ''), planYear) ?? planYear;
    push(cands, m, text, m[1] === '上半年' ? [win(y, 1, y, 6)] : [win(y, 7, y, 12)], 'season', 3);
  }
  for (const m of s.matchAll(RE_EDGE)) {
    const word = m[2]!;
    const prefix = m[0].slice(0, m[0].length - word.length);
    // A bare 底/末/初 only counts right after an explicit year ("2027年底").
    if (word.length === 1 && !m[1]) continue;
    const y = m[1] ? Number(m[1]) : (yearOf(prefix, planYear) ?? planYear);
    push(cands, m, text, edgeWindows(word, y), 'season', 2);
  }
  for (const m of s.matchAll(RE_SEASON)) {
    const ws: Record<string, TaskWindow[]> = {
      春季: [win(planYear, 3, planYear, 5)],
      夏季: [win(planYear, 6, planYear, 8)],
      秋季: [win(planYear, 9, planYear, 11)],
      冬季: [win(planYear, 1, planYear, 2), win(planYear, 12, planYear, 12)],
    };
    push(cands, m, text, ws[m[1]!] ?? [], 'season', 1);
  }
  for (const m of s.matchAll(RE_ALL_YEAR)) push(cands, m, text, [win(planYear, 1, planYear, 12)], 'allYear', 2, true);
  for (const f of findFestivalMentions(s, planYear)) {
    cands.push({ ...f, text: text.slice(f.start, f.end), kind: 'festival', allYear: false, priority: 2 });
  }

  // Keep the longest, highest-priority candidates that do not overlap.
  cands.sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
  const taken: Candidate[] = [];
  for (const c of cands) {
    if (taken.some((t) => c.start < t.end && t.start < c.end)) continue;
    taken.push(c);
  }
  taken.sort((a, b) => a.start - b.start);
  return taken.map(({ priority: _p, ...rest }) => rest);
}

export interface TimeCell {
  windows: TaskWindow[];
  allYear: boolean;
  note: string;
}

/** Reads a table time cell ("1-2月", "4 或 5 月", "全年", "2027 年 1 月"). Null if no time is found. */
export function parseTimeCell(cell: string, planYear: number): TimeCell | null {
  const text = cell.trim();
  if (!text) return null;
  const ms = findTimeMentions(text, planYear);
  if (!ms.length) return null;
  return {
    windows: ms.flatMap((m) => m.windows),
    allYear: ms.some((m) => m.allYear),
    note: text,
  };
}

/**
 * If the text is nothing but a time expression (a month heading such as "一月份：",
 * "1~2月:", "七、八月份", "第一季度", "下半年工作安排"), returns it; otherwise null.
 */
export function parseTimeOnly(text: string, planYear: number): TimeCell | null {
  const core = text
    .trim()
    .replace(/[:：]\s*$/, '')
    .replace(/(的)?(重点)?(工作|活动)?(安排|计划|要点|任务)?$/, '')
    .trim();
  if (!core || core.length > 24) return null;
  const ms = findTimeMentions(core, planYear);
  if (!ms.length) return null;
  if (ms.some((m) => m.kind === 'festival' || m.kind === 'event')) return null;
  let rest = core;
  for (const m of [...ms].reverse()) rest = rest.slice(0, m.start) + rest.slice(m.end);
  if (rest.replace(/[\s、，,和及与至到~\-（）()]/g, '') !== '') return null;
  return { windows: ms.flatMap((m) => m.windows), allYear: ms.some((m) => m.allYear), note: core };
}

/** True when a table cell holds only a time ("1-2月", "春节前", "全年", "2027 年 1 月"). */
export function isTimeCell(cell: string, planYear: number): boolean {
  const t = cell.trim();
  if (!t || t.length > 24) return false;
  const ms = findTimeMentions(t, planYear);
  if (!ms.length) return false;
  let rest = t;
  for (const m of [...ms].reverse()) rest = rest.slice(0, m.start) + rest.slice(m.end);
  return rest.replace(/[\s、，,和及与或至到~\-（）()前后期间左右底初中旬上下内每完成开始]/g, '') === '';
}

/** Months 1..12 covered by the windows within the given year, sorted, unique. */
export function monthsInYear(windows: TaskWindow[], year: number): number[] {
  const set = new Set<number>();
  for (const w of windows) {
    let y = w.startYear;
    let mo = w.startMonth;
    for (let guard = 0; guard < 240; guard++) {
      if (y === year && mo >= 1 && mo <= 12) set.add(mo);
      if (y > w.endYear || (y === w.endYear && mo >= w.endMonth)) break;
      mo++;
      if (mo > 12) {
        mo = 1;
        y++;
      }
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** True when two window lists share a month (in any year). */
export function windowsOverlap(a: TaskWindow[], b: TaskWindow[]): boolean {
  const key = (w: TaskWindow) => [w.startYear * 12 + w.startMonth, w.endYear * 12 + w.endMonth] as const;
  return a.some((x) => b.some((y) => key(x)[0] <= key(y)[1] && key(y)[0] <= key(x)[1]));
}
