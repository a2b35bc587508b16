import { isTimeCell } from './time-expressions.js';

/**
 * Table layout: header detection and cell-to-column assignment, shared by delimited
 * (tab, `|`, wide-space) tables and tables flattened to one cell per line.
 */
export type ColumnRole = 'seq' | 'time' | 'content' | 'lead' | 'assist' | 'other';
export type RowMode = 'tab' | 'pipe' | 'spaces';

/** Role of a header cell, or null if the text is not a table header word. */
export function classifyHeader(cell: string): ColumnRole | null {
  const t = cell.replace(/[\s*:：]/g, '');
  if (!t || t.length > 10) return null;
  if (/^(序号|编号|序|No\.?|#|项次)$/i.test(t)) return 'seq';
  if (/时间|月份|日期|进度|时限|节点|期限/.test(t)) return 'time';
  if (/配合|协办|协助|参与/.test(t)) return 'assist';
  if (/部门|单位|处室|科室|牵头|责任|负责|承办|主办|落实/.test(t)) return 'lead';
  if (/内容|项目|事项|任务|名称|工作|活动|措施|计划/.test(t)) return 'content';
  if (/备注|说明|要求|目标|标准|形式|地点|对象|经费|预算|成果|考核/.test(t)) return 'other';
  return null;
}

export function splitRow(line: string, mode: RowMode): string[] {
  if (mode === 'tab') return line.split('\t').map((c) => c.trim());
  if (mode === 'pipe') {
    const t = line.trim().replace(/^\|/, '').replace(/\|$/, '');
    return t.split(/(?<!\\)\|/).map((c) => c.trim());
  }
  return line.trim().split(/[ \u3000]{2,}|\u3000/).map((c) => c.trim());
}

export function isPipeSeparator(line: string): boolean {
  return /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);
}

export interface Header {
  mode: RowMode;
  roles: ColumnRole[];
}

/** Header row of a delimited table, or null. Needs a content column and a time or department column. */
export function detectHeader(line: string): Header | null {
  const modes: RowMode[] = line.includes('\t') ? ['tab'] : line.includes('|') ? ['pipe'] : ['spaces'];
  for (const mode of modes) {
    const cells = splitRow(line, mode);
    if (cells.length < 2) continue;
    const roles = cells.map(classifyHeader);
    if (roles.some((r) => r === null)) continue;
    const rs = roles as ColumnRole[];
    if (!rs.includes('content') || !(rs.includes('time') || rs.includes('lead'))) continue;
    return { mode, roles: rs };
  }
  return null;
}

const DEPT_END = /(工会|分会|工委|女工委|委员会|经审委|委|部|处|室|科|办|局|队|组|中心|站|所|院|支部|总支|公司|集团|单位|小组|协会)$/;

export function looksLikeDepartments(s: string): boolean {
  const parts = s.split(/[、，,／/]/).map((x) => x.trim()).filter(Boolean);
  return parts.length > 0 && !/[。；]/.test(s) && parts.every((p) => p.length <= 16 && DEPT_END.test(p));
}

type CellType = 'time' | 'dept' | 'text';

function cellType(cell: string, year: number): CellType {
  if (isTimeCell(cell, year)) return 'time';
  if (looksLikeDepartments(cell)) return 'dept';
  return 'text';
}

function fitScore(type: CellType, role: ColumnRole): number {
  if (role === 'time') return type === 'time' ? 4 : -4;
  if (role === 'lead' || role === 'assist') return type === 'dept' ? 3 : type === 'time' ? -4 : -1;
  if (role === 'content') return type === 'text' ? 2 : type === 'dept' ? 0 : -2;
  return type === 'time' ? -1 : 0;
}

/**
 * Assigns the non-empty cells of a row (in order) to columns when some cells are missing,
 * by cell type: a time-looking cell goes to the time column, department lists to the
 * department column, the rest to the content column. Returns one value per role slot.
 */
export function assignCells(cells: string[], roles: ColumnRole[], year: number): string[] {
  return assignCellsScored(cells, roles, year).cells;
}

/** assignCells plus how well the cells fit their columns (higher is better). */
export function assignCellsScored(cells: string[], roles: ColumnRole[], year: number): { cells: string[]; score: number } {
  const out = roles.map(() => '');
  const k = cells.length;
  const m = roles.length;
  if (k === 0) return { cells: out, score: 0 };
  if (k >= m) {
    roles.forEach((_, i) => (out[i] = i === m - 1 ? cells.slice(i).join(' ') : cells[i]!));
    const score = roles.reduce((acc, r, i) => acc + fitScore(cellType(out[i]!, year), r), 0);
    return { cells: out, score };
  }
  const types = cells.map((c) => cellType(c, year));
  let best: number[] = [];
  let bestScore = -Infinity;
  const pick: number[] = [];
  const rec = (ci: number, from: number, score: number): void => {
    if (ci === k) {
      let s = score;
      const contentIdx = roles.indexOf('content');
      if (contentIdx >= 0 && !pick.includes(contentIdx)) s -= 3;
      if (s > bestScore) {
        bestScore = s;
        best = [...pick];
      }
      return;
    }
    for (let j = from; j <= m - (k - ci); j++) {
      pick.push(j);
      rec(ci + 1, j + 1, score + fitScore(types[ci]!, roles[j]!));
      pick.pop();
    }
  };
  rec(0, 0, 0);
  best.forEach((j, ci) => (out[j] = cells[ci]!));
  return { cells: out, score: bestScore };
}
