import { expect } from 'vitest';
import { sameTitle } from './title-match.js';

/** One chat case, as in ../shared/queries/examples.json and test/fixtures/chat-cases.json. */
export interface ChatCase {
  today: string;
  text: string;
  include: string[];
  exclude?: string[];
  reply_contains?: string[];
  reply_excludes?: string[];
  intent?: string;
  /** Project cases only: the chat the question is asked in (default: an unbound console chat). */
  chat?: string;
  /** Project cases only: the fixture plans to load ("seeds" by default, or "example"). */
  fixture?: string;
}

export interface AskAnswer { intent: string; reply: string; tasks: { title: string }[] }

/** Asserts a case the way examples.json describes it: loose title matches, reply substrings. */
export function checkCase(c: ChatCase, a: AskAnswer): void {
  const titles = a.tasks.map((t) => t.title);
  const where = `“${c.text}” on ${c.today}${c.chat ? ` in ${c.chat}` : ''}\nreply:\n${a.reply}\ntasks: ${titles.join(' / ')}`;
  for (const want of c.include) expect(titles.some((t) => sameTitle(t, want)), `missing “${want}” for ${where}`).toBe(true);
  for (const not of c.exclude ?? []) expect(titles.filter((t) => sameTitle(t, not)), `unwanted “${not}” for ${where}`).toEqual([]);
  for (const s of c.reply_contains ?? []) expect(a.reply, `reply should contain “${s}” for ${where}`).toContain(s);
  for (const s of c.reply_excludes ?? []) expect(a.reply, `reply should not contain “${s}” for ${where}`).not.toContain(s);
  if (c.intent) expect(a.intent, `intent for ${where}`).toBe(c.intent);
}
