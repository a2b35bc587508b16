import { officeDepartment } from '../db/repositories/departments.js';
import { boundDepartmentIds, groupsOf } from '../src/directory/binding-status.js';
import { withOwners } from '../src/confirmations/progress.js';
import type { CommandContext } from '../src/core/context.js';
import { answer, defineCommand } from '../src/core/router.js';

/** "为什么没收到提醒", "收不到提醒", "提醒怎么没来". */
const NO_REMINDERS = /(?:没|没有|收不到|不)(?:收到)?(?:任何)?提醒|提醒(?:怎么|为什么|为啥)?(?:没|不)(?:发|来|到)/;
/** "怎么绑定群", "如何绑定", "绑定怎么弄", "绑定方法". */
const HOW_TO_BIND = /(?:怎么|如何|怎样|咋)(?:样)?(?:才能)?绑定|绑定(?:群|部门)?(?:要)?(?:怎么|如何|咋)(?:弄|做|操作|办|绑)?|绑定(?:的)?方法/;

/**
 * "为什么没收到提醒", "怎么绑定群": reminders go only to groups bound to a department, so the answer says whether this
 * group and the sender's department are bound, how binding is done, and which departments of this year's plan have
 * no group (the office's weekly digest says the same).
 */
export const bindingHelp = defineCommand({
  name: 'binding-help',
  match: (text) => {
    const t = text.normalize('NFKC').replace(/\s+/g, '');
    if (t.length > 30) return null;
    return NO_REMINDERS.test(t) ? 'reminders' : HOW_TO_BIND.test(t) ? 'bind' : null;
  },
  handle: async (asked, ctx) => {
    const lines: string[] = [];
    const { chat } = ctx;
    if (chat.departmentId !== null) {
      lines.push(`本群${chat.isOffice ? '是工会办公室群，' : ''}已绑定到${chat.department}，${chat.department}的任务提醒会发到本群。`);
    } else {
      lines.push(chat.isOffice ? '本群是工会办公室群，但还没有绑定部门。' : '本群还没有绑定部门，收不到任何部门的任务提醒。');
    }
    const own = await ownDepartment(ctx);
    if (own && own.id !== chat.departmentId) {
      const groups = await groupsOf(ctx.db, own.id);
      lines.push(groups.length ? `您所在的${own.name}的提醒发到：${groups.join('、')}。` : `您所在的${own.name}没有绑定工作群，收不到提醒。`);
    }
    if (asked === 'reminders') {
      lines.push('提醒只发到已绑定部门的群（工作日发送）：任务开始时、截止前和逾期后提醒负责部门，办公室群每周收到进度汇总。');
    }
    // In a group bound to none, the sender's department is the one to bind here.
    const here = own && chat.departmentId === null && !chat.isOffice ? own.name : null;
    lines.push(here
      ? `绑定方法：请管理员在本群 @我 发送“绑定 ${here}”；也可在通讯录文件中为本群写明 department 后重新导入。`
      : '绑定方法：管理员在该部门的群里 @我 发送“绑定 部门名称”；也可在通讯录文件中为群写明 department 后重新导入。');
    if (chat.platform === 'wecom') lines.push('企业微信群接收提醒还需在通讯录中配置该群的消息推送地址（push.webhook）。');
    const unbound = await unboundDepartments(ctx);
    if (unbound.length) lines.push(`${ctx.today.year}年计划中有任务、还没有绑定群的部门：${unbound.join('、')}。`);
    return answer(lines);
  },
});

async function ownDepartment(ctx: CommandContext): Promise<{ id: number; name: string } | null> {
  if (ctx.member.departmentId === null) return null;
  const d = (await ctx.catalog(ctx.today.year)).departments.find((x) => x.id === ctx.member.departmentId);
  return d ? { id: d.id, name: d.name } : null;
}

/** Departments this year's plan gives work to (unassigned work is the office's) with no bound group. */
async function unboundDepartments(ctx: CommandContext): Promise<string[]> {
  const catalog = await ctx.catalog(ctx.today.year);
  const office = await officeDepartment(ctx.db);
  const bound = await boundDepartmentIds(ctx.db);
  const named = new Set(catalog.tasks.filter((t) => t.planYear === ctx.today.year).flatMap((t) => withOwners(t, office).departments));
  return catalog.departments.filter((d) => named.has(d.name) && !bound.has(d.id)).map((d) => d.name);
}
