import type { Line } from './normalize-text.js';
import type { ParsedTask } from './types.js';
import { assignCells, detectHeader, isPipeSeparator, splitRow, type ColumnRole, type Header } from './table-layout.js';
import { FOOTER, flattenedHeaderAt, readFlattened, type RawRow } from './flattened-table.js';
import { parseTimeCell, type TimeCell } from './time-expressions.js';
import { splitDepartments } from './departments.js';
import { itemTiming } from './item-timing.js';

/** A table found in the document: its tasks and the lines it occupies. */
export interface TableRegion {
  lines: Set<number>;
  tasks: ParsedTask[];
  unplaced: string[];
}

/** Caption of a table: the nearest non-empty line above its header, else "附件". */
function caption(lines: Line[], headerIdx: number): string {
  for (let i = headerIdx - 1; i >= Math.max(0, headerIdx - 4); i--) {
    const t = lines[i]!.text.trim();
    if (t && !/^附件[:：]?$/.test(t)) return t.slice(0, 60);
  }
  return '附件';
}

/** Rows of a delimited (tab, `|`, wide-space) table after the header at line `h`; marks the lines used. */
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
    while (cells.length > header.roles.length && cells[cells.length - 1] === '') cells.pop();
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
        // The row's other cells are stored in their own fields; the content cell is the detail.
        detail: content,
        section,
        kind: 'scheduled',
        windows,
        allYear,
        datesNote,
        departments,
      });
    }
    regions.push({ lines: used, tasks, unplaced });
    for (const u of used) if (u > i) i = u;
  }
  // Several tables numbered from 1 each: qualify refs with the table number.
  const refs = regions.flatMap((r) => r.tasks.map((t) => t.ref));
  if (new Set(refs).size < refs.length) {
    regions.forEach((r, i) => r.tasks.forEach((t) => (t.ref = t.ref.replace('attachment ', `attachment ${i + 1} `))));
  }
  return regions;
}
