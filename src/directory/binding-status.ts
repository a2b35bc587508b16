import type { DbOrTx } from '../../db/client.js';
import { listChats } from '../../db/repositories/directory.js';
import type { CommandContext } from '../core/context.js';

/** The names of the groups bound to a department (reminders go to these). */
export async function groupsOf(db: DbOrTx, departmentId: number): Promise<string[]> {
  return (await listChats(db)).filter((c) => c.departmentId === departmentId).map((c) => c.name ?? c.externalId);
}

/** The ids of the departments that have at least one bound group. */
export async function boundDepartmentIds(db: DbOrTx): Promise<Set<number>> {
  return new Set((await listChats(db)).map((c) => c.departmentId).filter((id): id is number => id !== null));
}

/**
 * The sender's department when this group is bound to none and their department has no group either: the case in
 * which nobody of that department hears of its reminders (finding s10 #11). Null otherwise, and in the office group.
 */
export async function unboundHome(ctx: CommandContext): Promise<{ id: number; name: string } | null> {
  const id = ctx.member.departmentId;
  if (id === null || ctx.chat.departmentId !== null || ctx.chat.isOffice) return null;
  if ((await groupsOf(ctx.db, id)).length) return null;
  const dept = (await ctx.catalog(ctx.today.year)).departments.find((d) => d.id === id);
  return dept ? { id: dept.id, name: dept.name } : null;
}

/** One line for a reply from such a group. */
export const unboundNotice = (department: string) =>
  `提示：本群还没有绑定部门，${department}收不到任务提醒。请管理员在本群发送“绑定 ${department}”，之后提醒会发到本群。`;
