/**
 * The text of a question being taken apart: each parser claims the spans it understood, and what is left
 * becomes keywords. Claimed characters are replaced by a sentinel so indexes stay stable.
 */
export const CLAIMED = '\u0001';

export class Scanner {
  /** NFKC folds full-width digits, letters and punctuation (９月, Ｋ７Ｑ２, ？) and odd spaces (U+2005). */
  readonly text: string;
  private chars: string[];

  constructor(text: string) {
    this.text = text.normalize('NFKC');
    // Index by UTF-16 unit so RegExp indexes line up; astral characters (emoji) are never claimed halfway.
    this.chars = this.text.split('');
  }

  /** The text with claimed spans blanked out. */
  get rest(): string {
    return this.chars.join('');
  }

  claim(start: number, end: number): void {
    for (let i = start; i < end; i++) this.chars[i] = CLAIMED;
  }

  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.chars[i] === CLAIMED) return false;
    return true;
  }

  /**
   * Runs a global regex over the unclaimed text; each match the callback accepts (returns true) is claimed.
   * Matches that touch a claimed span are skipped.
   */
  take(re: RegExp, accept: (m: RegExpExecArray) => boolean): void {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    const rest = this.rest;
    for (let m = g.exec(rest); m; m = g.exec(rest)) {
      if (!m[0]) { g.lastIndex++; continue; }
      if (accept(m)) this.claim(m.index, m.index + m[0].length);
    }
  }

  /** Unclaimed runs of letters, digits and CJK characters, with their start index. */
  chunks(minLength = 1): { text: string; start: number }[] {
    const out: { text: string; start: number }[] = [];
    const re = /[\p{L}\p{N}]+/gu;
    const rest = this.rest;
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      if ([...m[0]].length >= minLength) out.push({ text: m[0], start: m.index });
    }
    return out;
  }
}

/** Letters, digits and CJK only: the form titles and keywords are compared in (like score-plan.mjs). */
export function compact(s: string): string {
  return s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

const compactedText = new WeakMap<object, { title: string; detail: string }>();

/**
 * compact() of a task's title and detail, worked out once per task object: the catalog's tasks are cached
 * and shared by every message, and every question compares against all of them.
 */
export function compactTask(t: { title: string; detail?: string }): { title: string; detail: string } {
  let c = compactedText.get(t);
  if (!c) {
    c = { title: compact(t.title), detail: compact(t.detail ?? '') };
    compactedText.set(t, c);
  }
  return c;
}
