import type { PlanTask } from '../../db/repositories/tasks.js';
import { bestMatches, scoreTasks } from '../query/keywords.js';

/** "完成 Z5M5 组织人事处": the department named to say whose confirmation it is is not part of the note. */
export function withoutDepartments(note: string | null, used: { name: string; aliases: string[] }[]): string | null {
  return withoutWords(note, used.flatMap((d) => [d.name, ...d.aliases]).filter((n) => n.length >= 2));
}

/**
 * The note without these words where they stand as labels ("10月", "代安全监督处确认", "机关工会的": a word of its own
 * between spaces or punctuation), or null when no word of its own is left. Inside running text ("我们机关工会今年以来
 * 共慰问…") they are part of what was reported and stay.
 */
export function withoutWords(note: string | null, words: Iterable<string>): string | null {
  if (!note) return note;
  const list = [...words].filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRegExp);
  let rest = note;
  if (list.length) {
    const label = new RegExp(`(^|[\\s，,、。；;：:])(?:代为?|为|替|帮)?(?:${list.join('|')})(?:的|确认)?(?=$|[\\s，,、。；;：:])`, 'g');
    // Twice: two labels side by side share the space between them.
    for (let i = 0; i < 2; i++) rest = rest.replace(label, '$1');
  }
  rest = rest.replace(/^[\s，,、。；;：:]+|[\s，,、。；;：:]+$/g, '').replace(/\s{2,}/g, ' ');
  return /[\p{L}\p{N}]/u.test(rest) ? rest : null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text after the status words without its first part when that part names one of the tasks. */
export function withoutLeadingSubject(after: string, tasks: PlanTask[]): string {
  const [first] = after.split(/[\s，,、。；;：:]+/);
  if (!first || !bestMatches(scoreTasks([first], tasks)).length) return after;
  return after.slice(after.indexOf(first) + first.length).replace(/^[\s，,、。；;：:]+/, '');
}
