import type { WithdrawnPlan } from '../../db/repositories/tasks.js';

/** "《2026年示例市水务局工会工作计划》", several joined by "、". */
export const planTitles = (plans: WithdrawnPlan[]) => plans.map((p) => `《${p.title}》`).join('、');

/**
 * Said in chat about a year whose plans were all withdrawn: its tasks are out of the answers, which is not the
 * same as the year having no work or all of it done.
 */
export function withdrawnYearNote(year: number, plans: WithdrawnPlan[]): string {
  return `${year}年的工作计划${planTitles(plans)}已由工会办公室撤下，群里不再回答、统计其中的任务（已确认的记录仍保留）。`
    + '如有疑问，请与工会办公室联系。';
}
