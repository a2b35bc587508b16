import { compact, compactTask } from './scanner.js';
import { synonymVariants } from './synonyms.js';

/** What keyword matching needs of a task. */
export interface Searchable { title: string; detail: string }

/** How well one task matches the question's keywords, 0..1. */
export interface Scored<T> { task: T; score: number }

// Exact title hits outrank synonym hits, which outrank partial (bigram) overlap.
const EXACT = 1;
const SYNONYM_EXACT = 0.9;
/** 春节慰问 in 春节走访慰问: the word's two halves, in order, with other words between (close to exact). */
const SPLIT_EXACT = 0.95;
const FUZZY_CAP = 0.85;
const DETAIL_WEIGHT = 0.5;

/** The word, cut once into two parts of two or more characters, has both in `title`, in order. */
function splitIn(word: string, title: string): boolean {
  const chars = [...word];
  for (let i = 2; i + 2 <= chars.length; i++) {
    const head = chars.slice(0, i).join(''), tail = chars.slice(i).join('');
    const at = title.indexOf(head);
    if (at >= 0 && title.indexOf(tail, at + head.length) >= 0) return true;
  }
  return false;
}

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return [...new Set(out)];
}

/**
 * Scores tasks against keyword chunks. Partial overlap is weighted by how rare each character pair is among
 * the titles (an inverse document frequency), so 职工 or 工会, which are in half the titles, count for little
 * and 体检 counts for a lot.
 */
export function scoreTasks<T extends Searchable>(chunks: string[], tasks: T[]): Scored<T>[] {
  const docs = tasks.map((t) => ({ task: t, ...compactTask(t) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const b of bigrams(d.title)) df.set(b, (df.get(b) ?? 0) + 1);
  const idf = (b: string) => Math.log(1 + docs.length / (1 + (df.get(b) ?? 0)));
  const prepared = chunks.map(compact).filter((c) => c.length >= 2).map((c) => {
    const variants = synonymVariants(c).map(compact).filter((v) => v.length >= 1);
    return {
      weight: bigrams(c).reduce((sum, b) => sum + idf(b), 0),
      variants: variants.map((v, i) => ({ text: v, original: i === 0, grams: bigrams(v) })),
    };
  });
  if (!prepared.length) return [];
  const total = prepared.reduce((sum, p) => sum + p.weight, 0) || 1;
  return docs.map((d) => {
    let score = 0;
    for (const p of prepared) {
      let best = 0;
      for (const v of p.variants) {
        if (d.title.includes(v.text)) { best = Math.max(best, v.original ? EXACT : SYNONYM_EXACT); continue; }
        if (v.original && splitIn(v.text, d.title)) { best = Math.max(best, SPLIT_EXACT); continue; }
        const mass = v.grams.reduce((sum, b) => sum + idf(b), 0) || 1;
        let hit = 0;
        for (const b of v.grams) {
          if (d.title.includes(b)) hit += idf(b);
          else if (d.detail.includes(b)) hit += idf(b) * DETAIL_WEIGHT;
        }
        best = Math.max(best, (hit / mass) * FUZZY_CAP);
      }
      score += best * p.weight;
    }
    return { task: d.task, score: score / total };
  });
}

/**
 * The tasks a keyword question is about: the best matches, and others close to them. Exact title hits
 * push out looser ones, so 疗休养 does not also bring 体检（华东疗养院）.
 */
export function bestMatches<T>(scored: Scored<T>[], opts: { min?: number; spread?: number } = {}): Scored<T>[] {
  const min = opts.min ?? 0.5;
  const spread = opts.spread ?? 0.08;
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (best < min) return [];
  return scored.filter((s) => s.score >= Math.max(min, best - spread)).sort((a, b) => b.score - a.score);
}
