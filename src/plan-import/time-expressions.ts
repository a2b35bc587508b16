import type { TaskWindow } from './types.js';
import { findFestivalMentions } from './festival-words.js';
import {
  RE_ALL_YEAR, RE_BARE_LIST, RE_EDGE, RE_EVENT, RE_HALF, RE_LIST, RE_MONTH, RE_OR, RE_QUARTER, RE_RANGE, RE_SEASON,
  edgeWindows, monthTokens, numeralValue, toScan, win, windowsFromTokens, yearOf,
} from './time-patterns.js';

export { numeralValue, toScan } from './time-patterns.js';
export {
  isTimeCell, monthsInYear, parseTimeCell, parseTimeOnly, windowsOverlap, type TimeCell,
} from './time-windows.js';

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
    const word = (m[2] ?? m[3])!;
    const y = m[1] ? Number(m[1]) : (yearOf(m[0].slice(0, m[0].length - word.length), planYear) ?? planYear);
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
  const used = new Uint8Array(s.length);
  const taken: Candidate[] = [];
  for (const c of cands) {
    let free = true;
    for (let i = c.start; i < c.end && free; i++) if (used[i]) free = false;
    if (!free) continue;
    used.fill(1, c.start, c.end);
    taken.push(c);
  }
  taken.sort((a, b) => a.start - b.start);
  return taken.map(({ priority: _p, ...rest }) => rest);
}
