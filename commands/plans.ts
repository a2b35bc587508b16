import { listPlans } from '../db/repositories/plans.js';
import { reply } from '../src/core/reply.js';
import { defineCommand } from '../src/core/router.js';

const PLANS = /^(?:计划列表|计划清单|所有计划|全部计划|查看计划|已导入(?:的)?计划|(?:有|导入了?)哪些计划|计划有哪些)$/;

export const plans = defineCommand({
  name: 'plans',
  match: (text) => (PLANS.test(text.normalize('NFKC').replace(/[\s?？。!！]+/g, '')) ? true : null),
  handle: async (_m, ctx) => {
    if (!ctx.isAdmin) return reply('抱歉，计划列表仅管理员可以查看。如需了解任务，可以问“本月任务”。');
    const all = await listPlans(ctx.db);
    if (!all.length) return reply('还没有导入任何工作计划。请工会办公室先导入本年度计划。');
    return reply(all.map((p) => {
      // A replaced version keeps only the tasks the new one dropped (the rest moved on): its count would mislead.
      const status = p.status === 'active' ? `${p.taskCount}项任务，生效中` : p.status === 'withdrawn' ? '已撤下' : '已被新版本替代';
      return `· ${p.year}年 ${p.title}（${status}${p.docNo ? `，${p.docNo}` : ''}）`;
    }), { title: `已导入的计划共 ${all.length} 份：` });
  },
});
