import type { Line } from './normalize-text.js';
import type { ParsedTask } from './types.js';
import {
  assignCells,
  assignCellsScored,
  classifyHeader,
  detectHeader,
  isPipeSeparator,
  splitRow,
  type ColumnRole,
  type Header,
} from './table-layout.js';
import { parseTimeCell, type TimeCell } from './time-expressions.js';
import { splitDepartments } from './departments.js';
import { itemTiming } from './item-timing.js';

/** A table found in the document: its tasks and the lines it occupies. */
export interface TableRegion {
  lines: Set<number>;
  tasks: ParsedTask[];
  unplaced: string[];
}

interface RawRow {
  cells: string[]; // one per role
  text: string;
}

const FOOTER = /印发$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|^(附件|抄送|主送|注[:：])/;

function caption(lines: Line[], headerIdx: number): string {
  for (let i = headerIdx - 1; i >= Math.max(0, headerIdx - 4); i--) {
    const t = lines[i]!.text.trim();
    if (t && !/^附件[:：]?$/.test(t)) return t.slice(0, 60);
  }
  return '附件';
}

/** Rows of a delimited table starting after the header at `h`. Returns rows and the last line used. */
function readDelimited(lines: Line[], h: number, header: Header, used: Set<number>, unplaced: string[], year: number): RawRow[] {
  const rows: RawRow[] = [];
  used.add(h);
  const nextRowAt = (from: number): number => {
    for (let j = from; j < lines.length; j++) {
      const t = lines[j]!.text;
      if (!t.trim()) continue;
      return splitRow(t, header.mode).length >= 2 ? j : -1;
    }
    return -1;
  };
  for (let i = h + 1; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (!t.trim()) continue;
    if (header.mode === 'pipe' && isPipeSeparator(t)) {
      used.add(i);
      continue;
    }
    const cells = splitRow(t, header.mode);
    if (cells.length < 2) {
      // A stray line inside the table (e.g. wrapped cell text) when another row follows.
      if (t.length <= 60 && nextRowAt(i + 1) > 0 && !FOOTER.test(t.trim())) {
        unplaced.push(t.trim());
        used.add(i);
        continue;
      }
      break;
    }
    used.add(i);
    const nonEmpty = cells.filter(Boolean);
    const arranged =
      cells.length === header.roles.length ? cells : assignCells(nonEmpty, header.roles, year);
    rows.push({ cells: arranged, text: nonEmpty.join(' ') });
  }
  return rows;
}

/** Header words on consecutive lines (one cell per line): returns the roles, or null. */
function flattenedHeaderAt(lines: Line[], i: number): ColumnRole[] | null {
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
function readFlattened(lines: Line[], h: number, roles: ColumnRole[], used: Set<number>, year: number): RawRow[] {
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

/** Finds attachment tables (any column order) and turns their rows into tasks. */
export function findTables(lines: Line[], year: number): TableRegion[] {
  const regions: TableRegion[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (!text.trim()) continue;
    const used = new Set<number>();
    const unplaced: string[] = [];
    let roles: ColumnRole[];
    let rows: RawRow[];
    const header = detectHeader(text);
    if (header) {
      roles = header.roles;
      rows = readDelimited(lines, i, header, used, unplaced, year);
    } else {
      const fr = flattenedHeaderAt(lines, i);
      if (!fr) continue;
      roles = fr;
      rows = readFlattened(lines, i, fr, used, year);
    }
    if (!rows.length) continue;
    const section = caption(lines, i);
    const tasks: ParsedTask[] = [];
    let inherited: TimeCell | null = null;
    let rowNo = 0;
    const col = (r: RawRow, role: ColumnRole) => roles.map((x, k) => (x === role ? r.cells[k] ?? '' : '')).filter(Boolean);
    for (const r of rows) {
      rowNo++;
      const seq = Number(/^\d{1,3}/.exec(col(r, 'seq')[0] ?? '')?.[0]);
      const rowRef = `attachment #${Number.isInteger(seq) && seq > 0 ? seq : rowNo}`;
      const content = col(r, 'content').join(' ').trim();
      const timeCells = col(r, 'time');
      const hasTimeCol = roles.includes('time');
      let time: TimeCell | null = null;
      if (hasTimeCol) {
        if (timeCells.length) {
          time = parseTimeCell(timeCells.join('、'), year) ?? { windows: [], allYear: false, note: '' };
          inherited = time;
        } else time = inherited;
      }
      if (!content) {
        const filled = r.cells.filter(Boolean);
        const groupLabel = filled.length === 1 && !/^\d+[.、]?$/.test(filled[0]!);
        if (!groupLabel && filled.length) unplaced.push(r.text);
        continue;
      }
      const departments = [...new Set([...col(r, 'lead'), ...col(r, 'assist')].flatMap(splitDepartments))];
      let windows = time?.windows ?? [];
      let allYear = time?.allYear ?? false;
      let datesNote = time && time.windows.length ? time.note : null;
      if (!hasTimeCol) {
        const t = itemTiming(content, year, { forceScheduled: true });
        windows = t.windows;
        allYear = t.allYear;
        datesNote = t.datesNote;
      }
      tasks.push({
        ref: rowRef,
        title: content,
        detail: r.text.replace(/\s+/g, ' ').trim(),
        section,
        kind: 'scheduled',
        windows,
        allYear,
        datesNote,
        departments,
      });
    }
    regions.push({ lines: used, tasks, unplaced });
    i = Math.max(i, ...used);
  }
  // Several tables numbered from 1 each: qualify refs with the table number.
  const refs = regions.flatMap((r) => r.tasks.map((t) => t.ref));
  if (new Set(refs).size < refs.length) {
    regions.forEach((r, i) => r.tasks.forEach((t) => (t.ref = t.ref.replace('attachment ', `attachment ${i + 1} `))));
  }
  return regions;
}
