/**
 * Which tasks of a revised plan are tasks of the version it replaces. A clerk's edit (a typo fixed, a word
 * added to a title, quotes changed) leaves a task the same task: it keeps its code, which people have in their
 * reminders, and its confirmations. A task that is really new gets a new code.
 */
import type { Window } from '../../db/schema.js';

/** A task of the replaced version (or of an earlier one, `current: false`) that a new task may continue. */
export interface Candidate {
  ref: string;
  title: string;
  /** Its months and departments in words: a reworded title is the same task only if these stay. */
  scope?: string;
  /** In the version being replaced; earlier versions' dropped tasks only come back by their exact title. */
  current: boolean;
}

/** Titles compared without spacing, punctuation, quotes and width: “三八” and "三八" are one title. */
export function normalTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Words that tell apart tasks of the same wording at different times (一季度 / 二季度, 春节 / 端午, 上半年 /
 * 下半年, 7月 / 8月) and numbers: two titles differing in one of them are different tasks, however alike.
 */
const TIME_WORDS = /第?[一二三四1-4]季度|[上下]半年|春节|元旦|元宵|三八|五一|五四|六一|七一|八一|端午|中秋|国庆|重阳|清明|[春夏秋冬]季|年初|年中|年底|年终|岁末|暑期|暑假|寒假|高温|[0-9]+|[一二三四五六七八九十]{1,3}月/g;
const MONTH_NUMERALS: Record<string, string> = { 十一: '11', 十二: '12', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9', 十: '10' };
/** The time words of a title, 第一季度 as 一季度 and 十二月 as 12月. */
const timeWords = (s: string) => [...new Set((s.replace(/第(?=[一二三四1-4]季度)/g, '')
  .replace(/(十[一二]|[一二三四五六七八九十])月/g, (_m, n: string) => `${MONTH_NUMERALS[n]}月`).match(TIME_WORDS) ?? []))].sort().join('|');

/**
 * How alike two titles must be (their share of character pairs): a few characters added or taken out (年度健康体检
 * for 健康体检) at SIMILAR; other changes (一线职工 → 基层职工) only in the same place of the plan, at REWORDED.
 */
const SIMILAR = 0.6;
const REWORDED = 0.7;
/** Characters a title may gain or lose and stay the same task. */
const EDIT_CHARS = 4;

/** Whether one title is the other with a few characters added (in order, anywhere). */
function insertedInto(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [[...a], [...b]] : [[...b], [...a]];
  if (long.length - short.length > EDIT_CHARS) return false;
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

/**
 * How alike two normalised titles are, 0 to 1 (Dice's coefficient over character pairs); 0 when they differ in
 * a word of time.
 */
export function titleSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (timeWords(a) !== timeWords(b)) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  const total = [...x.values()].reduce((s, n) => s + n, 0) + [...y.values()].reduce((s, n) => s + n, 0);
  return total ? (2 * common) / total : 0;
}

/**
 * For each new task, the index of the candidate it continues, or undefined for a new task. One candidate per
 * task, in passes from the surest: same ref and title, same title, same title but for punctuation and spacing
 * (any version); then, among the replaced version's tasks only, the most alike titles first: a few characters
 * added or taken out anywhere, other rewording only at the same ref with the same months and departments, never a
 * different word of time or number.
 */
export function matchTasks(candidates: Candidate[], tasks: { ref: string; title: string; scope?: string }[]): (number | undefined)[] {
  const match: (number | undefined)[] = tasks.map(() => undefined);
  const free = new Set(candidates.keys());
  const normal = candidates.map((c) => normalTitle(c.title));
  const pass = (same: (c: number, t: number) => boolean) => {
    // The replaced version's tasks before earlier versions' (candidates come in that order).
    for (const t of tasks.keys()) {
      if (match[t] !== undefined) continue;
      const hit = [...free].find((c) => same(c, t));
      if (hit !== undefined) { match[t] = hit; free.delete(hit); }
    }
  };
  pass((c, t) => candidates[c]!.ref === tasks[t]!.ref && candidates[c]!.title === tasks[t]!.title);
  pass((c, t) => candidates[c]!.title === tasks[t]!.title);
  pass((c, t) => normal[c] === normalTitle(tasks[t]!.title));
  const pairs: { c: number; t: number; score: number }[] = [];
  for (const t of tasks.keys()) {
    if (match[t] !== undefined) continue;
    const title = normalTitle(tasks[t]!.title);
    for (const c of free) {
      if (!candidates[c]!.current) continue;
      const score = titleSimilarity(normal[c]!, title);
      const samePlace = candidates[c]!.ref === tasks[t]!.ref && candidates[c]!.scope === tasks[t]!.scope;
      if (insertedInto(normal[c]!, title) ? score >= SIMILAR : samePlace && score >= REWORDED) pairs.push({ c, t, score });
    }
  }
  pairs.sort((p, q) => q.score - p.score || p.t - q.t || p.c - q.c);
  for (const p of pairs) {
    if (match[p.t] !== undefined || !free.has(p.c)) continue;
    match[p.t] = p.c;
    free.delete(p.c);
  }
  return match;
}

const ym = (year: number, month: number) => year * 12 + month;

/**
 * Where each window of a task's old version went in its new one (its confirmations follow): a task done once
 * stays done once whatever its months; else the new window that starts in the same month, else the one sharing
 * most months with it; undefined when none does (the month was taken out of the plan). `old` and `fresh` are confirmable windows (src/confirmations/windows.ts).
 */
export function windowMap(old: Window[], fresh: Window[]): (number | undefined)[] {
  // Done once, moved to other months: still done once.
  if (old.length === 1 && fresh.length === 1) return [0];
  const taken = new Set<number>();
  return old.map((w) => {
    let best: number | undefined;
    let bestScore = 0;
    fresh.forEach((f, j) => {
      if (taken.has(j)) return;
      const overlap = Math.min(ym(w.endYear, w.endMonth), ym(f.endYear, f.endMonth))
        - Math.max(ym(w.startYear, w.startMonth), ym(f.startYear, f.startMonth)) + 1;
      const score = ym(w.startYear, w.startMonth) === ym(f.startYear, f.startMonth) ? 100 + overlap : overlap;
      if (score > bestScore) { best = j; bestScore = score; }
    });
    if (best !== undefined) taken.add(best);
    return best;
  });
}
