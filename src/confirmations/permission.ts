import type { DbOrTx } from '../../db/client.js';
import type { ChatInfo, MemberInfo } from '../../db/repositories/chat-participants.js';
import { departmentHeads, type DepartmentLeader } from '../../db/repositories/confirmations.js';
import type { PlatformName } from '../core/message.js';
import { groupsOf } from '../directory/binding-status.js';

/** Who is asking, as the permission rule needs it. */
export interface Asker {
  platform: PlatformName;
  member: MemberInfo;
  chat: ChatInfo;
  isAdmin: boolean;
}

export type Permission =
  | { ok: true; via: 'admin' | 'head' | 'group'; claim?: DepartmentLeader }
  | { ok: false; message: string };

/**
 * May this person confirm for this department (design §4)? Admins for any department; the registered heads
 * of the department; and, while it has no head, anyone writing in its bound group whom the directory does not place
 * in another department.
 *
 * A head registered in chat by name ("设为负责人 @张三") before the platform had told us their user id is
 * kept with the name as id. When someone of that name on that platform writes, they are that head: `claim`
 * tells the caller to move the role onto the real member.
 */
export async function mayConfirm(db: DbOrTx, who: Asker, department: { id: number; name: string }): Promise<Permission> {
  if (who.isAdmin) return { ok: true, via: 'admin' };
  const heads = await departmentHeads(db, [department.id]);
  if (heads.some((h) => h.id === who.member.id)) return { ok: true, via: 'head' };
  const claim = heads.find((h) => h.platform === who.platform && h.name && h.externalId === h.name
    && h.name === who.member.name && h.id !== who.member.id);
  if (claim) return { ok: true, via: 'head', claim };
  // In a group with no head anyone may confirm, except someone the directory places in another department: a
  // member of 机关工会 writing in the office's group does not confirm the office's work.
  const elsewhere = who.member.departmentId !== null && who.member.departmentId !== department.id;
  if (!heads.length && who.chat.departmentId === department.id && !elsewhere) return { ok: true, via: 'group' };
  if (!heads.length && who.chat.departmentId === department.id) {
    return { ok: false, message: `抱歉，您在通讯录中不属于${department.name}，不能确认${department.name}的任务。请由${department.name}的同事确认，或请工会办公室代为确认。` };
  }
  if (heads.length) {
    const names = [...new Set(heads.map((h) => h.name ?? h.externalId))].join('、');
    return { ok: false, message: `抱歉，${department.name}的完成情况需由负责人（${names}）确认，或请工会办公室代为确认。` };
  }
  // No head, and not the department's group. Point at the department's group only when it has one: a department
  // without one is told how to get one, here when this group is bound to none (finding s10 #8).
  const name = department.name;
  const groups = await groupsOf(db, department.id);
  const head = '或发送“设为负责人 @姓名”登记负责人';
  if (groups.length) return { ok: false, message: `抱歉，${name}还没有登记负责人，请在${name}的工作群（${groups.join('、')}）里确认，或请管理员${head.slice(1)}。` };
  const unbound = who.chat.departmentId === null && !who.chat.isOffice;
  return {
    ok: false,
    message: unbound
      ? `抱歉，本群还没有绑定部门，${name}也还没有登记负责人，暂时不能在这里确认。请管理员在本群发送“绑定 ${name}”（绑定后可直接在本群确认，提醒也会发到本群），${head}。在此之前，可请工会办公室代为确认。`
      : `抱歉，${name}还没有登记负责人，也没有绑定工作群。请管理员在${name}的群里发送“绑定 ${name}”，${head}。在此之前，可请工会办公室代为确认。`,
  };
}
