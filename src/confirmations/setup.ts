import { activeTaskByCode, unknownCodeText, type PlanTask } from '../../db/repositories/tasks.js';
import type { CommandContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { mayConfirm } from './permission.js';
import { loadPairs, withOwners } from './progress.js';
import { confirmableWindows, windowCovers } from './windows.js';

/** A department as confirmations name it. */
export type Dept = { id: number; name: string };

/** What a chat turn about confirmations is decided against (see setUpConfirming). */
export type Setup = Awaited<ReturnType<typeof setUpConfirming>>;

/** What every part of a confirmation is decided against: the year's catalog and pairs, the chat's and sender's departments. */
export async function setUpConfirming(ctx: CommandContext) {
  const { catalog, pairs, office } = await loadPairs(ctx.db, ctx.today.year, ctx.today, await ctx.catalog(ctx.today.year));
  const deptById = new Map(catalog.departments.map((d) => [d.id, d]));
  const chatDept = ctx.chat.departmentId !== null ? deptById.get(ctx.chat.departmentId) ?? null : null;
  const memberDept = ctx.member.departmentId !== null ? deptById.get(ctx.member.departmentId) ?? null : null;
  return { catalog, pairs, office, chatDept, memberDept, home: chatDept ?? memberDept };
}

/** Whether the sender may confirm for a department, here. */
export const permissionFor = (ctx: CommandContext, dept: Dept) =>
  mayConfirm(ctx.db, { platform: ctx.message.platform, member: ctx.member, chat: ctx.chat, isAdmin: ctx.isAdmin }, dept);

/**
 * The department's own tasks: this year's work (goals too), work under way, and work still overdue (last year's,
 * reported in January). Work the plan gives no department is the office's (withOwners).
 */
export function ownTasks(setup: Setup, ctx: CommandContext): PlanTask[] {
  const { catalog, pairs, office, home } = setup;
  if (!home) return [];
  const overdue = new Set(pairs.filter((x) => x.departmentId === home.id && x.state === 'overdue').map((x) => x.task.id));
  return catalog.tasks.filter((t) => withOwners(t, office).departments.includes(home.name)
    && (t.planYear === ctx.today.year || overdue.has(t.id)
      || confirmableWindows(t).some((w) => windowCovers(w, ctx.today.year, ctx.today.month))));
}

/** Tasks by code: this year's catalog first, then any active plan. Unknown codes are refused (quoted ones skipped). */
export async function findTasks(codes: readonly string[], catalog: PlanTask[], ctx: CommandContext, lenient = false): Promise<PlanTask[]> {
  const out: PlanTask[] = [];
  for (const code of codes.slice(0, 10)) {
    const t = catalog.find((x) => x.code === code) ?? await activeTaskByCode(ctx.db, code);
    if (t) out.push(t);
    else if (!lenient) throw new UserError('NOT_FOUND', await unknownCodeText(ctx.db, code));
  }
  return [...new Set(out)];
}
