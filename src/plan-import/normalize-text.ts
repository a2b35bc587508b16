import { matchEnumerator } from './enumerators.js';

/** One cleaned source line. */
export interface Line {
  text: string;
  /** 0-based line number in the cleaned text. */
  index: number;
  /** The line was a Markdown heading (`#`, `##`, …). */
  mdHeading: boolean;
}

/** A logical paragraph: source lines joined where a sentence was broken across them. */
export interface Para {
  text: string;
  line: number;
  mdHeading: boolean;
}

/**
 * Cleans document text into lines: strips a BOM, Markdown debris (`#`, `**`,
 * `[bookmark: …]`), footnote marks (`^①`, `[^1]`), control characters and bullets.
 * Tabs and `|` are kept so tables stay visible.
 */
export function cleanLines(text: string): Line[] {
  const src = String(text ?? '')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    // Control characters other than tab and newline.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
  return src.split('\n').map((raw, index) => {
    let t = raw
      .replace(/\[bookmark:[^\]]*\]/gi, '')
      .replace(/\^\s*[①-⑳\d]+/g, '')
      .replace(/\[\^\d+\]/g, '')
      .replace(/\*\*/g, '');
    let mdHeading = false;
    const h = /^[ \u3000]*#{1,6}[ \u3000]+/.exec(t) ?? /^[ \u3000]*#{1,6}(?=[^#\s])/.exec(t);
    if (h) {
      mdHeading = true;
      t = t.slice(h[0].length).replace(/[ \u3000]*#+[ \u3000]*$/, '');
    }
    // Markdown bullets ("- ", "* ", "+ ") and block quotes, but not table rows.
    if (!t.includes('|')) t = t.replace(/^[ \u3000]*(?:[-*+•·][ \u3000]+|>[ \u3000]*)/, '');
    t = t.replace(/^[ \u3000]+/, '').replace(/[ \u3000]+$/, '');
    return { text: t, index, mdHeading };
  });
}

const TERMINAL = /[。！？!?；;：:]$|[。！？!?；;]["”’」』]$/;
const CONTINUATION_END = /[，,、的和与及“《（(之在对把将为向从并或]$/;
const RESPONSIBILITY_START = /^[（(【\[]\s*(?:责任|牵头|负责|承办|主办|配合|协办|时间|完成时)|^(?:责任单位|责任部门|牵头单位|牵头部门|负责部门|负责单位|牵头|配合单位|配合部门)\s*[:：]/;

function headingLike(t: string): boolean {
  const e = matchEnumerator(t);
  return !!e && (e.kind === 'cn' || e.kind === 'pcn') && t.length < 40 && !/[。；]/.test(t);
}

function shouldJoin(prev: Para, lastLine: string, next: Line): boolean {
  if (prev.mdHeading || next.mdHeading) return false;
  if (RESPONSIBILITY_START.test(next.text)) return true;
  if (matchEnumerator(next.text)) return false;
  if (/^[|\t]/.test(next.text) || next.text.includes('\t')) return false;
  const p = prev.text;
  if (TERMINAL.test(p) || /[)）】\]]$/.test(p)) return false;
  if (CONTINUATION_END.test(p)) return true;
  if (headingLike(lastLine)) return false;
  return lastLine.length >= 50 || /[。，；]/.test(lastLine);
}

/**
 * Joins lines into paragraphs. Blank lines separate paragraphs unless the previous line
 * clearly stops mid-sentence (the seed documents break sentences across blank lines).
 * Lines whose index is in `skip` (table rows) are hard breaks and are left out.
 */
export function buildParagraphs(lines: Line[], skip: Set<number> = new Set()): Para[] {
  const out: Para[] = [];
  let open: Para | null = null;
  let lastLine = '';
  for (const l of lines) {
    if (skip.has(l.index)) {
      open = null;
      continue;
    }
    if (!l.text.trim()) continue;
    if (open && shouldJoin(open, lastLine, l)) {
      open.text += l.text;
      lastLine = l.text;
      continue;
    }
    open = { text: l.text, line: l.index, mdHeading: l.mdHeading };
    lastLine = l.text;
    out.push(open);
  }
  return out;
}
