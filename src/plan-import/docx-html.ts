/**
 * Turns the HTML that mammoth makes from a .docx into plan text: one line per paragraph,
 * heading or list item, and tables kept as tables (one line per row, cells separated by
 * tabs, vertically merged cells repeated on every row they span). Footnote references
 * and footnote bodies are dropped.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[2] ?? m[3] ?? m[4] ?? '') : null;
}

interface Span {
  remaining: number;
  text: string;
}

interface TableCtx {
  rows: string[][];
  row: string[] | null;
  cell: string | null;
  cellSpan: { rowspan: number; colspan: number };
  pending: Map<number, Span>;
}

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'div', 'blockquote', 'pre']);

export function htmlToPlanText(html: string): string {
  const out: string[] = [];
  let buf = '';
  const tables: TableCtx[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let skipDepth = 0; // inside a footnote reference or footnote body
  const skipStack: string[] = [];

  const write = (s: string) => {
    const t = tables[tables.length - 1];
    if (t && t.cell !== null) t.cell += s;
    else buf += s;
  };
  const flush = () => {
    const t = buf.replace(/[ \t\u00a0]+/g, (m) => (m.includes('\u00a0') ? ' ' : m)).trim();
    if (t) out.push(t.replace(/\t/g, ' '));
    buf = '';
  };

  const closeRow = (t: TableCtx) => {
    if (!t.row) return;
    // Fill columns still covered by rowspans from rows above, after the last real cell.
    for (const [col, span] of [...t.pending.entries()].sort((a, b) => a[0] - b[0])) {
      if (col >= t.row.length && span.remaining > 0) {
        while (t.row.length < col) t.row.push('');
        t.row.push(span.text);
        span.remaining--;
      }
    }
    for (const [col, span] of t.pending) if (span.remaining <= 0) t.pending.delete(col);
    t.rows.push(t.row);
    t.row = null;
  };
  const placeCell = (t: TableCtx) => {
    if (!t.row || t.cell === null) return;
    const text = t.cell.replace(/\s+/g, ' ').trim();
    // Skip over columns occupied by rowspans from above.
    for (;;) {
      const span = t.pending.get(t.row.length);
      if (!span || span.remaining <= 0) break;
      t.row.push(span.text);
      span.remaining--;
    }
    const col = t.row.length;
    for (let k = 0; k < t.cellSpan.colspan; k++) t.row.push(k === 0 ? text : '');
    if (t.cellSpan.rowspan > 1) t.pending.set(col, { remaining: t.cellSpan.rowspan - 1, text });
    t.cell = null;
  };

  const tokens = html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(\/?)>|([^<]+)/g);
  for (const m of tokens) {
    const text = m[5];
    if (text !== undefined) {
      if (!skipDepth) write(decodeEntities(text));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (skipDepth) {
      if (!closing && tag === skipStack[skipStack.length - 1] && m[4] !== '/') skipDepth++;
      else if (closing && tag === skipStack[skipStack.length - 1]) {
        skipDepth--;
        if (!skipDepth) skipStack.pop();
      }
      continue;
    }
    if (!closing && (tag === 'a' || tag === 'li')) {
      const href = attr(attrs, 'href') ?? '';
      const id = attr(attrs, 'id') ?? '';
      if (/^#(footnote|endnote|comment)-/.test(href) || (tag === 'li' && /^(footnote|endnote|comment)-/.test(id))) {
        skipDepth = 1;
        skipStack.push(tag);
        continue;
      }
    }
    const t = tables[tables.length - 1];
    if (tag === 'table') {
      if (!closing) {
        if (t && t.cell !== null) {
          // Nested table: its text simply joins the outer cell.
          tables.push({ rows: [], row: null, cell: null, cellSpan: { rowspan: 1, colspan: 1 }, pending: new Map() });
          tables[tables.length - 1]!.cell = null;
          continue;
        }
        flush();
        tables.push({ rows: [], row: null, cell: null, cellSpan: { rowspan: 1, colspan: 1 }, pending: new Map() });
      } else if (t) {
        placeCell(t);
        closeRow(t);
        tables.pop();
        const outer = tables[tables.length - 1];
        const lines = t.rows.map((r) => r.map((c) => c.replace(/\s+/g, ' ').trim()).join('\t')).filter((l) => l.replace(/\t/g, '').trim());
        if (outer && outer.cell !== null) outer.cell += ' ' + lines.join(' ');
        else {
          out.push('', ...lines, '');
        }
      }
      continue;
    }
    if (t && (tag === 'tr' || tag === 'td' || tag === 'th')) {
      if (tag === 'tr') {
        placeCell(t);
        closeRow(t);
        if (!closing) t.row = [];
      } else if (!closing) {
        placeCell(t);
        if (!t.row) t.row = [];
        t.cell = '';
        t.cellSpan = {
          rowspan: Math.max(1, Math.min(200, Number(attr(attrs, 'rowspan')) || 1)),
          colspan: Math.max(1, Math.min(50, Number(attr(attrs, 'colspan')) || 1)),
        };
      } else placeCell(t);
      continue;
    }
    if (tag === 'br') {
      if (t && t.cell !== null) write(' ');
      else flush();
      continue;
    }
    if (tag === 'ol' || tag === 'ul') {
      if (!closing) lists.push({ ordered: tag === 'ol', n: 0 });
      else lists.pop();
      continue;
    }
    if (BLOCK.has(tag)) {
      if (t && t.cell !== null) {
        if (closing) write(' ');
        continue;
      }
      flush();
      if (!closing && tag === 'li') {
        const l = lists[lists.length - 1];
        // Word's automatic numbering is not in the text; put it back for ordered lists.
        if (l?.ordered) write(`${++l.n}. `);
      }
    }
  }
  flush();
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
