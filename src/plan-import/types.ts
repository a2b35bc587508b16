/** One occurrence of a task: an inclusive span of calendar months. */
export interface TaskWindow {
  startYear: number;
  startMonth: number; // 1..12
  endYear: number;
  endMonth: number; // 1..12
}

export type TaskKind = 'scheduled' | 'goal';

/** A task as read from a plan document, before it gets a code and database ids. */
export interface ParsedTask {
  /** Where it sits in the document: "attachment #10", "item 11.a", "实事 3", "三(一)", "二(一)一要". */
  ref: string;
  /** Short verbatim name of the activity. */
  title: string;
  /** The full text the task came from (item paragraph, table row), whitespace-normalised. */
  detail: string;
  /** Heading of the section it belongs to, e.g. "二、…" or "附件", or null. */
  section: string | null;
  kind: TaskKind;
  /** Empty when no time is stated (never invented). A 全年 task has one window Jan–Dec of the plan year. */
  windows: TaskWindow[];
  /** True when the document says 全年 (or equivalent) for this task. */
  allYear: boolean;
  /** Literal time expression the windows came from, or null. */
  datesNote: string | null;
  /** Responsible departments as written, lead first. */
  departments: string[];
}

export interface ParsedPlan {
  title: string;
  issuer: string | null;
  docNo: string | null;
  year: number;
  tasks: ParsedTask[];
  /** Lines that look like they should be tasks or cells but could not be placed, for the preview. */
  unplaced: string[];
}
