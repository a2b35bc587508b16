import { listDepartments } from '../db/repositories/departments.js';
import { listChats, listLeaders } from '../db/repositories/directory.js';
import { UserError } from '../src/core/errors.js';
import { answer, defineCommand } from '../src/core/router.js';

const DEPARTMENTS = /^(?:部门列表|部门清单|所有部门|全部部门|有哪些部门|部门有哪些|查看部门|负责人列表|负责人名单)$/;
const CHATS = /^(?:群列表|群清单|所有群|绑定情况|绑定列表|群绑定情况|查看群|有哪些群)$/;
const PLATFORM: Record<string, string> = { wecom: '企业微信', dingtalk: '钉钉', console: '控制台' };

/** Admins only: "部门列表" (departments, their groups and heads) and "群列表" (groups and their bindings). */
export const directoryLists = defineCommand({
  name: 'directory-lists',
  match: (text) => {
    const t = text.normalize('NFKC').replace(/[\s?？。!！]+/g, '');
    return DEPARTMENTS.test(t) ? 'departments' as const : CHATS.test(t) ? 'chats' as const : null;
  },
  handle: async (what, ctx) => {
    if (!ctx.isAdmin) throw new UserError('FORBIDDEN', '抱歉，部门和群的名单仅管理员可以查看。');
    const [departments, chats] = [await listDepartments(ctx.db), await listChats(ctx.db)];
    if (what === 'chats') {
      if (!chats.length) return answer('还没有记录任何群。');
      return answer(chats.slice(0, 40).map((c) => {
        const bound = (c.department ? `→ ${c.department}${c.isOffice ? '（办公室）' : ''}` : c.isOffice ? '→ 办公室' : '→ 未绑定')
          + (c.receivesReminders ? '' : '（命令行提问用，不收提醒）');
        const push = c.platform === 'console' ? '' : `｜推送${c.push ? '已配置' : '未配置'}`;
        return `· ${c.name ?? c.externalId}（${PLATFORM[c.platform]}）${bound}${push}`;
      }), { title: `共 ${chats.length} 个群：`, footer: '管理员可在群里发送“绑定 部门名称”。' });
    }
    if (!departments.length) return answer('还没有任何部门。导入计划或通讯录后会自动建立。');
    const leaders = await listLeaders(ctx.db);
    return answer(departments.slice(0, 40).map((d) => {
      // The groups that get the department's reminders (not the copies `planbot ask --chat` answers in).
      const groups = chats.filter((c) => c.departmentId === d.id && c.receivesReminders).map((c) => c.name ?? c.externalId);
      const heads = leaders.filter((m) => m.departmentId === d.id && m.role === 'head').map((m) => m.name ?? m.externalId);
      const alias = d.aliases?.length ? `（${d.aliases.join('、')}）` : '';
      return `· ${d.name}${alias}｜群：${groups.join('、') || '未绑定'}｜负责人：${[...new Set(heads)].join('、') || '未登记'}`;
    }), { title: `共 ${departments.length} 个部门：`, footer: '管理员可发送“设为负责人 @姓名”登记负责人。' });
  },
});
