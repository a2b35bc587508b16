import type { ParsedPlan, ParsedTask, TaskWindow } from './types.js';
import { buildParagraphs, cleanLines } from './normalize-text.js';
import { parseHeader } from './plan-header.js';
import { findTables } from './table-rows.js';
import { buildOutline } from './outline.js';
import { outlineTasks } from './numbered-items.js';
import { uncoveredBodyTasks } from './body-tasks.js';

export interface ParseOptions {
  /** File name, used for the title and year when the text has none. */
  fileName?: string;
  /** Plan year when the document states none (default: the current year). */
  defaultYear?: number;
}

/** Attachment tables with at least this many rows are the plan's task list. */
const TABLE_PLAN_MIN_ROWS = 3;

function validWindow(w: TaskWindow): boolean {
  return (
    Number.isInteger(w.startMonth) && w.startMonth >= 1 && w.startMonth <= 12 &&
    Number.isInteger(w.endMonth) && w.endMonth >= 1 && w.endMonth <= 12 &&
    Number.isInteger(w.startYear) && Number.isInteger(w.endYear) &&
    w.startYear * 12 + w.startMonth <= w.endYear * 12 + w.endMonth
  );
}

function sanitize(tasks: ParsedTask[], unplaced: string[]): ParsedTask[] {
  const out: ParsedTask[] = [];
  for (const t of tasks) {
    const title = t.title.trim();
    if (!title) {
      if (t.detail.trim()) unplaced.push(t.detail.trim());
      continue;
    }
    const windows = t.windows.filter(validWindow);
    out.push({
      ...t,
      title,
      windows,
      datesNote: windows.length ? t.datesNote : null,
      allYear: t.allYear && windows.length > 0,
    });
  }
  return out;
}

/** Like parsePlanText but lets internal errors through (for tests). */
export function parsePlanTextStrict(text: string, opts: ParseOptions): ParsedPlan {
  const lines = cleanLines(text);
  const header = parseHeader(lines, opts);
  const year = header.year;
  const tables = findTables(lines, year);
  const tableLines = new Set<number>();
  for (const t of tables) for (const i of t.lines) tableLines.add(i);
  const unplaced = tables.flatMap((t) => t.unplaced);
  const tableTasks = tables.flatMap((t) => t.tasks);

  const paras = buildParagraphs(lines, tableLines);
  const outline = buildOutline(paras, year);

  let tasks: ParsedTask[];
  if (tableTasks.length >= TABLE_PLAN_MIN_ROWS) {
    // The attachment table is the task list; the body adds only times the table lacks.
    tasks = [...tableTasks, ...uncoveredBodyTasks(outline, tableTasks, year)];
  } else {
    tasks = [...tableTasks, ...outlineTasks(outline, year, unplaced)];
  }
  return { ...header, tasks: sanitize(tasks, unplaced), unplaced };
}

/**
 * Parses the text of a union work plan (工作计划 / 工作要点 / 工作报告) into tasks.
 * Never throws: text it cannot understand yields a plan with zero tasks.
 */
export function parsePlanText(text: string, opts: ParseOptions = {}): ParsedPlan {
  const safeText = typeof text === 'string' ? text : '';
  try {
    return parsePlanTextStrict(safeText, opts ?? {});
  } catch {
    const year = opts?.defaultYear ?? new Date().getFullYear();
    const title = opts?.fileName ? opts.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') : '工作计划';
    return { title, issuer: null, docNo: null, year, tasks: [], unplaced: [] };
  }
}
