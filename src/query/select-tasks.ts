import type { PlanTask } from '../../db/repositories/tasks.js';
import { bestMatches, scoreTasks } from './keywords.js';
import type { ParsedQuery } from './parse-query.js';
import { festivalMonths } from './festivals.js';
import type { YearMonth } from './time.js';

/** The tasks a question is about, grouped the way answers show them. */
export interface Selection {
  /** The plan year answered from (the asked year, or the nearest year with a plan when it has none). */
  year: number;
  /** True when the asked year has no active plan and `year` is a fallback. */
  fellBack: boolean;
  months?: YearMonth[];
  /** Scheduled tasks with a time in the asked months (or, for a whole-year question, any time), by first month. */
  dated: PlanTask[];
  /** Scheduled 全年 tasks. */
  allYear: PlanTask[];
  /** Scheduled tasks without a stated time (whole-year questions only). */
  undated: PlanTask[];
  /** General objectives (kind goal), kept apart so they do not drown out scheduled work. */
  goals: PlanTask[];
  /** Keywords were given and nothing matched them. */
  keywordMiss: boolean;
  /** No title named the festival the question did, so its months were used instead (妇女节 → 3月). */
  festival?: string;
}

const key = (ym: YearMonth) => ym.year * 12 + ym.month - 1;

/** Month keys (year*12 + month-1) a task's windows cover. */
export function coveredMonths(t: PlanTask): number[] {
  const out: number[] = [];
  for (const w of t.windows) {
    const from = w.startYear * 12 + w.startMonth - 1, to = w.endYear * 12 + w.endMonth - 1;
    for (let k = from; k <= to && k - from < 36; k++) out.push(k);
  }
  return out;
}

export function firstMonthKey(t: PlanTask, within?: Set<number>): number {
  const ks = coveredMonths(t).filter((k) => !within || within.has(k));
  return ks.length ? Math.min(...ks) : Number.MAX_SAFE_INTEGER;
}

/** The year to answer from: the asked one if it has a plan (or was named), else the nearest earlier plan year. */
function answerYear(q: ParsedQuery): { year: number; fellBack: boolean } {
  const asked = q.time.year;
  const years = q.catalog.planYears;
  if (years.includes(asked) || q.time.yearNamed || q.time.months || !years.length) return { year: asked, fellBack: false };
  return { year: years.find((y) => y < asked) ?? years.at(-1)!, fellBack: true };
}

/** Selections of frozen readings (ParseCache's), each worked out once: "本月任务" is asked again and again. */
const selections = new WeakMap<ParsedQuery, Selection>();

export function selectTasks(q: ParsedQuery): Selection {
  // A frozen reading holds its catalog, day and department: its selection cannot change.
  if (!Object.isFrozen(q)) return select(q);
  let s = selections.get(q);
  if (!s) selections.set(q, s = frozenSelection(select(q)));
  return s;
}

/** Shared between messages, so nobody may change it (a change would throw). */
function frozenSelection(s: Selection): Selection {
  for (const list of [s.dated, s.allYear, s.undated, s.goals, s.months]) if (list) Object.freeze(list);
  return Object.freeze(s);
}

function select(q: ParsedQuery): Selection {
  const s = selectOnce(q);
  if (!s.keywordMiss || q.time.months) return s;
  const hit = q.keywords.map((k) => ({ k, f: festivalMonths(k, s.year) })).find((x) => x.f);
  if (!hit) return s;
  const months = [...new Set(hit.f!.months)].map((month) => ({ year: s.year, month }));
  const retry = selectOnce({
    ...q, keywords: q.keywords.filter((k) => k !== hit.k), time: { ...q.time, months, mentioned: true },
  });
  return { ...retry, festival: hit.f!.word };
}

function selectOnce(q: ParsedQuery): Selection {
  const { year, fellBack } = answerYear(q);
  const months = q.time.months;
  const wanted = new Set(months?.map(key));
  const wantedYears = new Set(months?.map((m) => m.year) ?? [year]);

  let pool = q.catalog.tasks.filter((t) => {
    if (months) return (t.allYear && wantedYears.has(t.planYear)) || coveredMonths(t).some((k) => wanted.has(k));
    return t.planYear === year || coveredMonths(t).some((k) => Math.floor(k / 12) === year);
  });
  if (q.departments.length) {
    // A plan may write a department by a name the directory keeps as an alias (女工委 for 女职工委员会).
    const names = new Set(q.departments.flatMap((d) => [d.name, ...(q.catalog.departments.find((e) => e.id === d.id)?.aliases ?? [])]));
    pool = pool.filter((t) => t.departments.some((d) => names.has(d)));
  }
  let keywordMiss = false;
  if (q.keywords.length) {
    const hits = severalSubjects(q.keywords, pool) ?? bestMatches(scoreTasks(q.keywords, pool));
    keywordMiss = hits.length === 0;
    pool = hits.map((h) => h.task);
  }
  const byTime = (a: PlanTask, b: PlanTask) =>
    firstMonthKey(a, months ? wanted : undefined) - firstMonthKey(b, months ? wanted : undefined) ||
    a.planId - b.planId || a.position - b.position;
  const byDoc = (a: PlanTask, b: PlanTask) => a.planId - b.planId || a.position - b.position;
  const scheduled = pool.filter((t) => t.kind === 'scheduled');
  return {
    year, fellBack, months, keywordMiss,
    dated: scheduled.filter((t) => !t.allYear && t.windows.length).sort(byTime),
    allYear: scheduled.filter((t) => t.allYear).sort(byDoc),
    undated: scheduled.filter((t) => !t.allYear && !t.windows.length).sort(byDoc),
    goals: pool.filter((t) => t.kind === 'goal').sort(byDoc),
  };
}

/**
 * "体检和疗休养什么时候": two or more keywords that each name tasks outright (a title or synonym hit) are two
 * subjects, and the answer covers each. Scored together, the longer word would push the other one out.
 * Undefined when fewer than two keywords hit that way: they then describe one subject together.
 */
function severalSubjects(keywords: string[], pool: PlanTask[]): { task: PlanTask }[] | undefined {
  if (keywords.length < 2) return undefined;
  const each = keywords.map((k) => bestMatches(scoreTasks([k], pool), { min: 0.9 }));
  if (each.filter((hits) => hits.length).length < 2) return undefined;
  return [...new Set(each.flat().map((h) => h.task))].map((task) => ({ task }));
}

/** Tasks in answer order: month-specific first, then all-year, undated, goals. */
export function selectionTasks(s: Selection): PlanTask[] {
  return [...s.dated, ...s.allYear, ...s.undated, ...s.goals];
}
