import { FILLER_PATTERN } from './fillers.js';
import { compact, type Scanner } from './scanner.js';

/** Text ending in a question word (请问, 查一下 …): what follows starts afresh. */
const FILLER_END = new RegExp(`(?:${FILLER_PATTERN.source})$`);

export interface DepartmentEntry { id: number; name: string; aliases: string[] }

/** A department the question is about, with the span of the question that named it. */
export interface DepartmentMention { id: number; name: string; start: number; end: number; via: 'name' | 'alias' | 'partial' | 'own' }

const OWN = /我们部门|我们单位|我们这边|我们这|本部门|本单位|我部门|我单位|我部|我们|咱们|本群|我(?=还有|还剩|还要|要做|的任务|的工作|的进度|负责)/;

/**
 * Finds exact names and aliases (longest first, so 局工会经审委 wins over 局工会) and words for "our
 * department". Spans are not claimed yet: a name may turn out to be part of a task title (机关工会换届选举).
 */
export function findNamedDepartments(
  s: Scanner, departments: DepartmentEntry[], own: { id: number; name: string } | null, preferred: Set<number>,
  titles: string[] = [],
): { mentions: DepartmentMention[]; ownUnbound: boolean } {
  const names: { key: string; id: number; name: string; via: 'name' | 'alias' }[] = [];
  for (const d of departments) {
    names.push({ key: d.name.normalize('NFKC'), id: d.id, name: d.name, via: 'name' });
    for (const a of d.aliases) if (a.trim()) names.push({ key: a.normalize('NFKC'), id: d.id, name: d.name, via: 'alias' });
  }
  names.sort((a, b) => b.key.length - a.key.length);
  const mentions: DepartmentMention[] = [];
  const taken = new Set<number>();
  const text = s.rest;
  for (const n of names) {
    if (n.key.length < 2) continue;
    for (let i = text.indexOf(n.key); i >= 0; i = text.indexOf(n.key, i + 1)) {
      const end = i + n.key.length;
      let free = s.isFree(i, end);
      for (let k = i; k < end && free; k++) if (taken.has(k)) free = false;
      if (!free) continue;
      if (n.via === 'alias' && insideLongerWord(text, i, end, n.id, departments, titles)) continue;
      for (let k = i; k < end; k++) taken.add(k);
      mentions.push({ ...inScope(n, departments, preferred), start: i, end, via: n.via });
    }
  }
  let ownUnbound = false;
  const m = OWN.exec(text);
  if (m && s.isFree(m.index, m.index + m[0].length)) {
    s.claim(m.index, m.index + m[0].length);
    if (own) mentions.push({ ...own, start: m.index, end: m.index, via: 'own' });
    else ownUnbound = true;
  }
  return { mentions: mentions.sort((a, b) => a.start - b.start), ownUnbound };
}

/**
 * An alias (工会 for 局工会) that is only the end or the start of a longer name or phrase in the question:
 * 总队工会 (of 执法总队工会), 基层工会 or 工会干部 where a task title says so. Then the words are about that
 * other department or subject, not the alias's department. The Han characters just before or after the alias,
 * taken with it, must appear in another department's name or alias, or in a task title; and a two-character
 * alias must not follow other words directly (only question words such as 请问).
 */
function insideLongerWord(text: string, start: number, end: number, id: number, departments: DepartmentEntry[], titles: string[]): boolean {
  const key = text.slice(start, end);
  const before = /[\p{Script=Han}]{1,4}$/u.exec(text.slice(0, start))?.[0] ?? '';
  const after = /^[\p{Script=Han}]{1,4}/u.exec(text.slice(end))?.[0] ?? '';
  const longer: string[] = [];
  for (let k = 1; k <= before.length; k++) longer.push(before.slice(-k) + key);
  for (let k = 1; k <= after.length; k++) longer.push(key + after.slice(0, k));
  if (!longer.length) return false;
  // A two-character alias right after other words (基层工会, 各基层工会) is the end of a name we do not know.
  if (key.length <= 2 && before && !FILLER_END.test(before)) return true;
  const others = departments.filter((d) => d.id !== id).flatMap((d) => [d.name, ...d.aliases]).map((x) => x.normalize('NFKC'));
  return longer.some((w) => others.some((o) => o.includes(w)) || titles.some((t) => t.includes(w)));
}

/**
 * 女工委 names a department of an older plan, but this year's plan says 局工会女工委: when the named department
 * has no tasks in scope and exactly one department that has contains the name, the question means that one.
 */
function inScope(n: { key: string; id: number; name: string }, departments: DepartmentEntry[], preferred: Set<number>) {
  if (preferred.has(n.id)) return { id: n.id, name: n.name };
  const wider = departments.filter((d) => preferred.has(d.id) && [d.name, ...d.aliases].some((x) => x.normalize('NFKC').includes(n.key)));
  return wider.length === 1 ? { id: wider[0]!.id, name: wider[0]!.name } : { id: n.id, name: n.name };
}

/**
 * A shortened department name (经审委 for 局工会经审委, 执法总队 for 执法总队工会): an unclaimed run of at
 * least three characters that is part of exactly one department's name or alias and of no task title
 * (女职工 in 女职工专题活动 is a subject, not a department).
 */
export function findPartialDepartment(
  s: Scanner, departments: DepartmentEntry[], titles: string[], preferred: Set<number>,
): DepartmentMention[] {
  const out: DepartmentMention[] = [];
  const keys = departments.map((d) => ({ d, keys: [d.name, ...d.aliases].map(compact) }));
  const longest = Math.max(0, ...keys.flatMap((k) => k.keys.map((x) => x.length)));
  for (const chunk of s.chunks(3)) {
    const chars = chunk.text;
    if (chars.length > 40) continue; // not a question phrase; keeps the search small
    search: for (let len = Math.min(chars.length, longest); len >= 3; len--) {
      for (let i = 0; i + len <= chars.length; i++) {
        const sub = chars.slice(i, i + len);
        if (!/^[\p{Script=Han}]+$/u.test(sub)) continue;
        if (titles.some((t) => t.includes(sub))) continue;
        // Departments whose name or alias fits; several narrow down to those with tasks in scope.
        const fitting = (fits: (key: string) => boolean) => {
          const hits = keys.filter((k) => k.keys.some(fits)).map((k) => k.d);
          return hits.length > 1 ? hits.filter((d) => preferred.has(d.id)) : hits;
        };
        let hits = fitting((x) => x.includes(sub));
        // An abbreviation that skips characters (宣教部 for 宣传教育部, 劳经部 for 劳动和经济部): same first
        // and last character, the rest in order.
        if (!hits.length) hits = fitting((x) => abbreviates(sub, x));
        if (hits.length !== 1) continue;
        const start = chunk.start + i;
        s.claim(start, start + len);
        out.push({ id: hits[0]!.id, name: hits[0]!.name, start, end: start + len, via: 'partial' });
        break search;
      }
    }
  }
  return out;
}

/** `short` keeps the first and last character of `name` and some of the others, in order. */
function abbreviates(short: string, name: string): boolean {
  const s = [...short], n = [...name];
  if (s.length < 3 || s.length >= n.length || s[0] !== n[0] || s.at(-1) !== n.at(-1)) return false;
  let j = 1;
  for (let i = 1; i < s.length - 1; i++) {
    while (j < n.length - 1 && n[j] !== s[i]) j++;
    if (j >= n.length - 1) return false;
    j++;
  }
  return true;
}
