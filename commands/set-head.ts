import { audit } from '../db/repositories/audit.js';
import { departmentHeads } from '../db/repositories/confirmations.js';
import { listDepartments } from '../db/repositories/departments.js';
import { findMembersByName, setMemberRole, upsertMember } from '../db/repositories/directory.js';
import { UserError } from '../src/core/errors.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand } from '../src/core/router.js';
import { findDepartment } from './bind-chat.js';

// "设为负责人 @张三 [部门]" and "设 @张三 为负责人 [部门]". The mention survives stripMention (strip-mention.ts).
// "@ 陈会计": phones often put a space after the @.
const FORMS = [
  /^(?:设为|设置为?|指定为?|登记为?|添加)(?:部门)?负责人\s*[:：]?\s*(?:[@＠]\s*)?([^\s@＠]{1,40})(?:\s+(\S.{0,40}))?$/,
  /^(?:设|设置|指定|登记)\s*(?:[@＠]\s*)?(?![置为])([^\s@＠]{1,40}?)\s*为(?:部门)?负责人(?:\s+(\S.{0,40}))?$/,
  /^请?(?:把|将)\s*(?:[@＠]\s*)?([^\s@＠]{1,40}?)\s*(?:设为|设置为|设成|指定为|登记为)(?:部门)?负责人(?:\s+(\S.{0,40}))?$/,
];

/**
 * Admins only: registers a department head. On WeCom and DingTalk the mention arrives as the text "@张三",
 * so the person is found by name (or id) among the members of this chat's platform, those who have written
 * in this group first. Someone the bot has not seen yet is created with the name as a stand-in id; the first
 * time they confirm, the role moves to their real member record (src/confirmations/permission.ts).
 */
export const setHead = defineCommand({
  name: 'set-head',
  writes: true,
  match: (text) => {
    const m = firstForm(FORMS, text);
    return m && { name: m[1]!, department: m[2]?.trim() };
  },
  handle: async ({ name, department }, ctx) => {
    if (!ctx.isAdmin) throw new UserError('FORBIDDEN', '抱歉，只有管理员可以登记负责人。请联系工会办公室。');
    let dept: { id: number; name: string };
    if (department) dept = findDepartment(await listDepartments(ctx.db), department);
    else if (ctx.chat.departmentId !== null && ctx.chat.department) dept = { id: ctx.chat.departmentId, name: ctx.chat.department };
    else throw new UserError('BAD_REQUEST', `本群还没有绑定部门。请先发送“绑定 部门名称”，或写明部门：“设为负责人 @${name} 组织人事处”。`);

    const platform = ctx.message.platform;
    const pick = await memberNamed(ctx, name);
    const keepAdmin = pick?.role === 'admin';
    const member = await upsertMember(ctx.db, {
      platform, externalId: pick?.externalId ?? name, name: pick?.name ?? name, departmentId: dept.id,
      role: keepAdmin ? undefined : 'head',
    });
    await audit(ctx.db, {
      actor: `${platform}:${ctx.message.senderId}`, action: 'member.role', subject: member.name ?? member.externalId, at: ctx.now,
      details: {
        memberId: member.id, role: member.role, departmentId: dept.id, department: dept.name,
        previous: pick ? { role: pick.role, departmentId: pick.departmentId } : null, created: !pick,
        by: ctx.member.name ?? ctx.message.senderName ?? null,
      },
    });
    const heads = await headNames(ctx, dept.id);
    const who = member.name ?? name;
    return answer([
      keepAdmin ? `${who}是管理员，已登记为${dept.name}的成员（管理员可确认任何部门的任务）。` : `已登记 ${who} 为${dept.name}负责人。`,
      ...(heads.length ? [`${dept.name}现有负责人：${heads.join('、')}。`] : []),
      `提醒会@负责人；${dept.name}的完成情况由负责人回复确认。`,
      // A head who has moved on keeps confirming and being @-ed until taken off.
      ...(heads.length > 1 ? ['如有人已不再负责，请发送“取消负责人 @姓名”。'] : []),
    ]);
  },
});

const REMOVE_FORMS = [
  /^(?:取消|撤销|撤掉|移除|删除|解除|免去)(?:部门)?负责人\s*[:：]?\s*(?:[@＠]\s*)?([^\s@＠]{1,40})$/,
  /^(?:取消|撤销|撤掉|移除|删除|解除|免去)\s*(?:[@＠]\s*)?([^\s@＠]{1,40}?)\s*的?(?:部门)?负责人(?:身份|登记)?$/,
];

/**
 * Admins only: "取消负责人 @张三" takes a head off (back to an ordinary member of the department). The person is
 * found as 设为负责人 finds them. Confirmations they made stand; from now on they are no longer @-ed in reminders
 * and, when the department still has a head, may no longer confirm for it.
 */
export const removeHead = defineCommand({
  name: 'remove-head',
  writes: true,
  match: (text) => {
    const m = firstForm(REMOVE_FORMS, text);
    return m && { name: m[1]! };
  },
  handle: async ({ name }, ctx) => {
    if (!ctx.isAdmin) throw new UserError('FORBIDDEN', '抱歉，只有管理员可以取消负责人。请联系工会办公室。');
    const pick = await memberNamed(ctx, name);
    if (!pick || pick.role !== 'head') {
      const known = pick?.name ?? name;
      throw new UserError('BAD_REQUEST', `${known}目前不是登记的负责人，无需取消。发送“部门列表”可查看各部门负责人。`);
    }
    await setMemberRole(ctx.db, pick.id, 'staff');
    const dept = pick.departmentId === null ? undefined : (await listDepartments(ctx.db)).find((d) => d.id === pick.departmentId);
    await audit(ctx.db, {
      actor: `${ctx.message.platform}:${ctx.message.senderId}`, action: 'member.role', subject: pick.name ?? pick.externalId, at: ctx.now,
      details: {
        memberId: pick.id, role: 'staff', departmentId: pick.departmentId, department: dept?.name ?? null,
        previous: { role: pick.role, departmentId: pick.departmentId }, by: ctx.member.name ?? ctx.message.senderName ?? null,
      },
    });
    const who = pick.name ?? name;
    if (!dept) return answer([`已取消 ${who} 的负责人登记。`]);
    const heads = await headNames(ctx, dept.id);
    return answer([
      `已取消 ${who} 的${dept.name}负责人登记，此前的确认记录保留。`,
      heads.length
        ? `${dept.name}现有负责人：${heads.join('、')}。`
        : `${dept.name}现在没有登记负责人：该部门绑定群里的任何人都可以确认。可发送“设为负责人 @姓名”登记新的负责人。`,
    ]);
  },
});

/** The first of these forms the text is written in (WeCom's mention space \u2005 read as a space). */
function firstForm(forms: RegExp[], text: string): RegExpExecArray | null {
  const t = text.normalize('NFKC').replace(/\u2005/g, ' ').trim();
  for (const re of forms) {
    const m = re.exec(t);
    if (m) return m;
  }
  return null;
}

/**
 * The member an "@张三" names on this chat's platform: the only one of that name, or the only one of them who
 * has written in this group. None when nobody of that name is known; a clear error when it cannot be told which.
 */
async function memberNamed(ctx: CommandContext, name: string) {
  const found = await findMembersByName(ctx.db, ctx.message.platform, name, ctx.chat.externalId);
  const inChat = found.filter((m) => m.inChat);
  const pick = found.length === 1 ? found[0] : inChat.length === 1 ? inChat[0] : undefined;
  if (found.length > 1 && !pick) {
    throw new UserError('BAD_REQUEST', `有 ${found.length} 位名为“${name}”的成员，无法确定是哪一位。请在通讯录文件中按用户ID登记负责人。`);
  }
  return pick;
}

const headNames = async (ctx: CommandContext, departmentId: number) =>
  [...new Set((await departmentHeads(ctx.db, [departmentId])).map((h) => h.name ?? h.externalId))];
