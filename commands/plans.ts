import { listPlans } from '../db/repositories/plans.js';
import { reply } from '../src/core/reply.js';
import { defineCommand } from '../src/core/router.js';
import { PLANBOT } from '../src/core/invocation.js';

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

/** "导出2026年台账", "台账怎么导出", "下载台账", "年度台账": the ledger is a file the office exports on its computer. */
const LEDGER = /^(?:(?:怎么|如何|请|帮我|帮忙)?(?:导出|下载|生成|要|发一?下?)?(?:(\d{4})年?)?(?:的)?(?:年度|全年|年终)?(?:工作)?台账(?:表|文件)?(?:怎么|如何)?(?:导出|下载|生成)?(?:呢|吗)?)$/;

export const ledger = defineCommand({
  name: 'ledger',
  match: (text) => {
    const m = LEDGER.exec(text.normalize('NFKC').replace(/[\s?？。!！,，]+/g, ''));
    return m ? { year: m[1] ? Number(m[1]) : undefined } : null;
  },
  handle: async ({ year }, ctx) => {
    // Early in a year the ledger wanted is last year's.
    const y = year ?? (ctx.today.month <= 2 ? ctx.today.year - 1 : ctx.today.year);
    return reply([
      `年度台账（Excel）由工会办公室在电脑上导出：`,
      `${PLANBOT} export --year ${y} --out ${y}年工作台账.xlsx`,
      `在群里可以问“${y}年未完成”“完成了哪些”“进度”查看完成情况。`,
    ]);
  },
});
