import type { Line } from './normalize-text.js';
import { assignCells, assignCellsScored, classifyHeader, type ColumnRole } from './table-layout.js';

/**
 * Tables flattened to one cell per line, as text copied from a PDF or a web page gives:
 * the header words on consecutive lines, then each row as its serial number followed by
 * its non-empty cells. Rows are found by the serial numbers 1, 2, 3…; cells are matched
 * to columns by type (time, department list, text).
 */

export interface RawRow {
  cells: string[]; // one per column role
  text: string;
}

/** Lines that end a table: issue date, 印发 line, 附件/抄送/注. */
export const FOOTER = /印发$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|^(附件|抄送|主送|注[:：])/;

/** Header words on consecutive lines (one cell per line): returns the roles, or null. */
export function flattenedHeaderAt(lines: Line[], i: number): ColumnRole[] | null {
  const roles: ColumnRole[] = [];
  for (let j = i; j < lines.length && roles.length < 8; j++) {
    const t = lines[j]!.text.trim();
    if (!t) {
      if (roles.length) continue;
      return null;
    }
    const r = t.length <= 8 ? classifyHeader(t) : null;
    if (!r) break;
    roles.push(r);
  }
  if (roles.length < 3 || roles[0] !== 'seq' || !roles.includes('content')) return null;
  return roles;
}

/** Rows of a table flattened to one cell per line, segmented by the serial numbers 1, 2, 3… */
export function readFlattened(lines: Line[], h: number, roles: ColumnRole[], used: Set<number>, year: number): RawRow[] {
  const rows: RawRow[] = [];
  const dataRoles = roles.slice(1);
  let i = h;
  let seen = 0;
  while (seen < roles.length && i < lines.length) {
    if (lines[i]!.text.trim()) seen++;
    used.add(i++);
  }
  const isSerial = (t: string, n: number) => new RegExp(`^${n}\\s*[.、．]?$`).test(t.trim());
  let n = 1;
  for (;;) {
    while (i < lines.length && !lines[i]!.text.trim()) i++;
    if (i >= lines.length || !isSerial(lines[i]!.text, n)) break;
    used.add(i++);
    const cells: string[] = [];
    const cellLines: number[] = [];
    const rowLine = i - 1;
    while (i < lines.length && cells.length < dataRoles.length) {
      const t = lines[i]!.text.trim();
      if (!t) {
        i++;
        continue;
      }
      if (isSerial(t, n + 1)) break;
      if (t.length > 60 || FOOTER.test(t)) break;
      cells.push(t);
      cellLines.push(i++);
    }
    let j = i;
    while (j < lines.length && !lines[j]!.text.trim()) j++;
    let keep = cells.length;
    if (j >= lines.length || !isSerial(lines[j]!.text, n + 1)) {
      // Last row: lines after the table (a signature, a note) may have been taken as cells;
      // keep the prefix whose cells fit the columns best.
      let bestScore = -Infinity;
      for (let k = cells.length; k >= 1; k--) {
        const sc = assignCellsScored(cells.slice(0, k), dataRoles, year).score;
        if (sc > bestScore) {
          bestScore = sc;
          keep = k;
        }
      }
    }
    for (const l of cellLines.slice(0, keep)) used.add(l);
    i = keep ? cellLines[keep - 1]! + 1 : rowLine + 1;
    const kept = cells.slice(0, keep);
    rows.push({ cells: ['', ...assignCells(kept, dataRoles, year)], text: `${n} ${kept.join(' ')}` });
    n++;
  }
  return rows;
}
