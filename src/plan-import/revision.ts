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
  /** In the version being replaced; earlier versions' dropped tasks only come back by their exact title. */
  current: boolean;
}

/** Titles compared without spacing, punctuation, quotes and width: “三八” and "三八" are one title. */
export function normalTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Characters that tell apart tasks of the same wording at different times (一季度 / 二季度, 春节 / 端午,
 * 上半年 / 下半年): two titles differing in one of them are different tasks, however alike.
 */
const TIME_CHARS = /[0-9一二三四五六七八九十百春夏秋冬端午元旦重阳清明上下半]/;

/** Of two titles with most of their wording in common (at least SIMILAR of their character pairs). */
const SIMILAR = 0.6;

function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

/** The characters one title has and the other has not, counted. */
function difference(a: string, b: string): string[] {
  const count = new Map<string, number>();
  for (const c of a) count.set(c, (count.get(c) ?? 0) + 1);
  for (const c of b) count.set(c, (count.get(c) ?? 0) - 1);
  return [...count].filter(([, n]) => n !== 0).map(([c]) => c);
}

/**
 * How alike two normalised titles are, 0 to 1 (Dice's coefficient over character pairs); 0 when they differ in
 * a word of time.
 */
export function titleSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (difference(a, b).some((c) => TIME_CHARS.test(c))) return 0;
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
 * (any version); then, among the replaced version's tasks only, the most alike titles first.
 */
export function matchTasks(candidates: Candidate[], tasks: { ref: string; title: string }[]): (number | undefined)[] {
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
      if (score >= SIMILAR) pairs.push({ c, t, score });
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
