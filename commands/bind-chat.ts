import { audit } from '../db/repositories/audit.js';
import { listDepartments, type Department } from '../db/repositories/departments.js';
import { upsertChat } from '../db/repositories/directory.js';
import { UserError } from '../src/core/errors.js';
import { answer, defineCommand } from '../src/core/router.js';

const BIND = /^(?:本群)?绑定(?:到|为|部门)?\s*[:：]?\s*(\S.{0,40})$/;

/** Admins only: "绑定 组织人事处" binds this group to a department (as a directory import would). */
export const bindChat = defineCommand({
  name: 'bind-chat',
  writes: true,
  match: (text) => {
    const m = BIND.exec(text.normalize('NFKC').trim());
    return m ? m[1]!.replace(/[。.!！]+$/, '').trim() : null;
  },
  handle: async (name, ctx) => {
    if (!ctx.isAdmin) throw new UserError('FORBIDDEN', '抱歉，只有管理员可以绑定部门。请联系工会办公室。');
    const dept = findDepartment(await listDepartments(ctx.db), name);
    if (ctx.chat.departmentId === dept.id) return answer(`本群已绑定到${dept.name}，无需重复绑定。`);
    const previous = ctx.chat.department;
    await upsertChat(ctx.db, {
      platform: ctx.chat.platform, externalId: ctx.chat.externalId, name: ctx.chat.name,
      departmentId: dept.id, isOffice: ctx.chat.isOffice,
    });
    await audit(ctx.db, {
      actor: `${ctx.message.platform}:${ctx.message.senderId}`, action: 'chat.bind', subject: ctx.chat.name ?? ctx.chat.externalId,
      at: ctx.now,
      details: { chatId: ctx.chat.id, platform: ctx.chat.platform, departmentId: dept.id, department: dept.name, previous,
        by: ctx.member.name ?? ctx.message.senderName ?? null },
    });
    return answer([
      previous ? `已将本群从${previous}改绑到${dept.name}。` : `已将本群绑定到${dept.name}。`,
      `${dept.name}的任务提醒会发到这个群，群里可以问“我们部门本月任务”“我们的进度”。`,
      ...(ctx.chat.platform === 'wecom' ? ['企业微信群接收提醒还需在通讯录中配置本群的消息推送地址（push.webhook）。'] : []),
    ]);
  },
});

/** A department by exact name or alias, else the only one whose name contains the words; else refused. */
export function findDepartment(all: Department[], name: string): Department {
  const key = name.normalize('NFKC').trim();
  const exact = all.find((d) => d.name === key || (d.aliases ?? []).includes(key));
  if (exact) return exact;
  const partial = all.filter((d) => d.name.includes(key) || (d.aliases ?? []).some((a) => a.includes(key)));
  if (partial.length === 1) return partial[0]!;
  const shown = (partial.length ? partial : all).slice(0, 12).map((d) => d.name).join('、');
  throw new UserError('NOT_FOUND', partial.length
    ? `“${key}”对应多个部门：${shown}。请写完整的部门名称。`
    : `没有找到部门“${key}”。${all.length ? `已有部门：${shown}${all.length > 12 ? '等' : ''}。` : ''}新部门请通过通讯录文件导入。`);
}
