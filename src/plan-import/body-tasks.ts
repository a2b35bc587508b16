import type { ParsedTask } from './types.js';
import { inReview, type OutlineNode } from './outline.js';
import { findTimeMentions, windowsOverlap } from './time-expressions.js';
import { activityPhrase } from './activity-phrase.js';
import { refOf, sectionOf } from './numbered-items.js';

/** Bigrams too common in union plans to show that two texts name the same activity. */
const GENERIC_BIGRAMS = new Set(['职工', '工会', '活动', '开展', '组织', '工作', '机关', '全体', '各类', '进一', '一步', '加强', '做好']);

function bigrams(s: string): Set<string> {
  const t = s.replace(/[\s“”"'‘’（）()《》、，,。：:；;·\-—]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) {
    const b = t.slice(i, i + 2);
    if (!GENERIC_BIGRAMS.has(b)) out.add(b);
  }
  return out;
}

function sentenceAround(text: string, start: number, end: number): string {
  const stop = /[。；！？;!?\n]/;
  let a = start;
  while (a > 0 && !stop.test(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && !stop.test(text[b]!)) b++;
  return text.slice(a, b);
}

/** A table row covers a body mention when their months overlap and they share wording. */
function covered(sentence: string, windows: ParsedTask['windows'], rows: ParsedTask[]): boolean {
  const sb = bigrams(sentence);
  return rows.some((r) => {
    if (!r.allYear && !windowsOverlap(r.windows, windows)) return false;
    let shared = 0;
    for (const b of bigrams(r.title)) if (sb.has(b)) shared++;
    return shared >= 2;
  });
}

/**
 * Body tasks of a plan that has an attachment table: only concrete times in the body text
 * that no table row covers (e.g. "依托 7.15 城管公众开放日" when the table has no such row).
 * Annual (全年) mentions in prose are not tasks here.
 */
export function uncoveredBodyTasks(root: OutlineNode, rows: ParsedTask[], year: number): ParsedTask[] {
  const out: ParsedTask[] = [];
  const visit = (n: OutlineNode) => {
    if (n.review || inReview(n)) return;
    {
      const own = n.kind === 'block' ? n.text.slice(n.heading.length) : n.text;
      const text = own;
      const preamble = n.kind === 'block' || n.kind === 'root';
      const seen = new Set<string>();
      for (const m of findTimeMentions(text, year)) {
        if (m.allYear) continue;
        // Issue and meeting dates in the preamble ("2021年2月3日印发") are not tasks.
        if (preamble && /\d{4}\s*年.*[日号]/.test(m.text)) continue;
        const sentence = sentenceAround(text, m.start, m.end);
        if (covered(sentence, m.windows, [...rows, ...out])) continue;
        const title = activityPhrase(text, m);
        if (!title || seen.has(title)) continue;
        seen.add(title);
        out.push({
          ref: n.kind === 'root' ? '正文' : refOf(n, false),
          title,
          detail: sentence.replace(/\s+/g, ' ').trim(),
          section: sectionOf(n),
          kind: 'scheduled',
          windows: m.windows,
          allYear: false,
          datesNote: m.text.trim(),
          departments: [],
        });
      }
    }
    for (const k of n.children) visit(k);
  };
  visit(root);
  return out;
}
