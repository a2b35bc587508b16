import type { PlanTask } from '../../db/repositories/tasks.js';
import { scoreTasks } from '../query/keywords.js';
import type { ParsedQuery } from '../query/parse-query.js';

/** The few tasks closest to a question that matched nothing well, for "您是不是想问". */
export function closestTasks(q: ParsedQuery, year: number, limit = 3): PlanTask[] {
  if (!q.keywords.length) return [];
  const pool = q.catalog.tasks.filter((t) => t.planYear === year);
  return scoreTasks(q.keywords, pool)
    .filter((s) => s.score >= 0.25)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.task);
}
