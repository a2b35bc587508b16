// The loose title match of ../shared/tools/score-plan.mjs: character bigrams, overlap relative to the shorter title.
const norm = (s: string) => s.replace(/[\s“”"'‘’（）()《》、，,。：:；;·\-—]/g, '');

function bigrams(s: string): Set<string> {
  const t = norm(s);
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  if (t.length === 1) out.add(t);
  return out;
}

export function titleSimilarity(a: string, b: string): number {
  const A = bigrams(a), B = bigrams(b);
  if (!A.size || !B.size) return 0;
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  return inter / Math.min(A.size, B.size);
}

export const sameTitle = (a: string, b: string) => titleSimilarity(a, b) >= 0.6;
