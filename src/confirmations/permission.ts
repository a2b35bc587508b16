import type { DbOrTx } from '../../db/client.js';
import type { ChatInfo, MemberInfo } from '../../db/repositories/chat-participants.js';
import { departmentHeads, type DepartmentLeader } from '../../db/repositories/confirmations.js';
import type { PlatformName } from '../core/message.js';

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
  return {
    ok: false,
    message: `抱歉，${department.name}还没有登记负责人，请在${department.name}的工作群里确认，` +
      '或请管理员发送“设为负责人 @姓名”登记负责人。',
  };
}
