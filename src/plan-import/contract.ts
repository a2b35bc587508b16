import type { ParsedPlan, ParsedTask } from './types.js';
import { monthsInYear } from './time-expressions.js';

/** Interchange shape of an imported plan (also what score-plan.mjs reads). */
export interface ContractTask {
  code: string;
  ref: string;
  title: string;
  /** Sorted months in the plan year, "all" for 全年, [] when undated. */
  months: number[] | 'all';
  dates_note: string | null;
  departments: string[];
  kind: ParsedTask['kind'];
}

export interface PlanContract {
  plan: { title: string; issuer: string | null; doc_no: string | null; year: number };
  tasks: ContractTask[];
}

/** Months of a task within the plan year; windows outside the year contribute nothing. */
export function contractMonths(task: ParsedTask, year: number): number[] | 'all' {
  if (task.allYear) return 'all';
  return monthsInYear(task.windows, year);
}

/** Converts a parsed plan to the contract JSON; `codes[i]` is the code of `plan.tasks[i]`. */
export function toContract(plan: ParsedPlan, codes: string[]): PlanContract {
  return {
    plan: { title: plan.title, issuer: plan.issuer, doc_no: plan.docNo, year: plan.year },
    tasks: plan.tasks.map((t, i) => ({
      code: codes[i] ?? '',
      ref: t.ref,
      title: t.title,
      months: contractMonths(t, plan.year),
      dates_note: t.datesNote,
      departments: [...t.departments],
      kind: t.kind,
    })),
  };
}
