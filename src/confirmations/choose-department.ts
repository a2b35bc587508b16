import type { PlanTask } from '../../db/repositories/tasks.js';
import type { CommandContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { ACTION_WORD, departmentFor, type ConfirmAction } from './department-for.js';
import type { Permission } from './permission.js';
import { withOwners } from './progress.js';
import { permissionFor, type Dept, type Setup } from './setup.js';

/**
 * The department a confirmation of `task` is recorded for, with the sender's right to confirm for it; a refusal
 * is thrown as FORBIDDEN.
 *
 * departmentFor picks the department named in the message, else the chat's, else the sender's. When the sender may
 * not confirm for the chat's department, one of the task's other departments that they may confirm for is taken:
 * their own first, else the one they head. So 李处长 (head of 组织人事处) writing "Q5C9 已完成" in the office group
 * records it for 组织人事处, as the same message from 机关工会群 (whose department is not on Q5C9) always did.
 * Someone who may confirm for the chat's department (an office member in the office group) is never moved.
 * A department named in the message is never replaced; the refusal then names the one that would work.
 */
export async function chooseDepartment(ctx: CommandContext, setup: Setup, task: PlanTask, named: Dept[], action: ConfirmAction): Promise<{
  dept: Dept; permission: Extract<Permission, { ok: true }>;
}> {
  const { catalog, office, chatDept, memberDept, home } = setup;
  const owned = withOwners(task, office);
  const dept = departmentFor(owned, { named, chatDept, memberDept, home, isAdmin: ctx.isAdmin, ids: catalog.departments, action });
  const permission = await permissionFor(ctx, dept);
  if (permission.ok) return { dept, permission };

  const others = owned.departments.map((n): Dept | undefined => catalog.departments.find((d) => d.name === n))
    .filter((d): d is Dept => !!d && d.id !== dept.id)
    .sort((a, b) => Number(b.id === memberDept?.id) - Number(a.id === memberDept?.id));
  const allowed: { dept: Dept; permission: Extract<Permission, { ok: true }> }[] = [];
  let ownRefusal: string | null = null;
  for (const d of others) {
    const p = await permissionFor(ctx, d);
    if (p.ok) allowed.push({ dept: d, permission: p });
    else if (d.id === memberDept?.id) ownRefusal = p.message;
  }
  const wasNamed = named.some((d) => d.id === dept.id);
  const own = allowed.find((a) => a.dept.id === memberDept?.id);
  if (!wasNamed && (own || allowed.length === 1)) return own ?? allowed[0]!;

  // Nothing to record: say the way that works. For the sender's own department on the task, its own rule (e.g.
  // "需由负责人（李处长）确认") is what they can act on; for a department they may confirm for, the form naming it.
  const verb = ACTION_WORD[action];
  const ways = allowed.map((a) => `“${verb} ${task.code} ${a.dept.name}${action === 'correct' ? ' …' : ''}”`);
  const hint = ways.length ? `如是${allowed.map((a) => a.dept.name).join('或')}的${action === 'undo' ? '记录' : '完成情况'}，请发送${ways.join('或')}。` : '';
  const message = !wasNamed && ownRefusal ? ownRefusal : permission.message;
  throw new UserError('FORBIDDEN', hint ? `${message}\n${hint}` : message);
}
