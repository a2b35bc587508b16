import { sql } from 'drizzle-orm';
import { audit } from '../../db/repositories/audit.js';
import { findPlan, listPlans, plansOfYear, withdrawPlan } from '../../db/repositories/plans.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { confirm, withDatabase, type CliIo } from './context.js';
import { NO_PLAN_YET, PLANBOT } from '../core/invocation.js';

export async function plansCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'withdraw') return withdrawCommand(args.slice(1), io);
  const usage = `${PLANBOT} plans [--json]`;
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
  if (positionals.length) throw new UserError('USAGE', `无法识别的参数 ${positionals[0]}。用法：${usage}`);
  return withDatabase(io, values.db, async (database) => {
    const plans = await listPlans(database.db);
    if (values.json) {
      io.out(JSON.stringify(plans.map((p) => ({
        id: p.id, title: p.title, issuer: p.issuer, doc_no: p.docNo, year: p.year, status: p.status,
        tasks: p.taskCount, source: p.sourceName, imported_at: p.createdAt.toISOString(),
      })), null, 2));
      return 0;
    }
    if (!plans.length) {
      io.out(NO_PLAN_YET);
      return 0;
    }
    for (const p of plans) {
      // A replaced version keeps only the tasks the new one dropped (the rest moved on): its count would mislead.
      const status = p.status === 'active' ? `${p.taskCount}项任务  生效中` : p.status === 'withdrawn' ? '已撤下' : '已被新版本替代';
      io.out(`#${p.id}  ${p.year}年  ${p.title}  ${status}${p.docNo ? `  ${p.docNo}` : ''}`);
    }
    return 0;
  });
}

const withdrawUsage = `${PLANBOT} plans withdraw <计划编号> [--yes]`;

/**
 * `plans withdraw 1`: takes a plan out of answers, reminders and progress (the example plan once the office's own
 * is in, a plan imported by mistake). Its tasks and confirmations stay in the database: importing the same plan
 * again brings it back with its codes and confirmations.
 */
async function withdrawCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { yes: { type: 'boolean', short: 'y' } }, withdrawUsage);
  // "#2", as the plans list writes it, or "2".
  const id = Number(positionals[0]?.replace(/^[#＃]/, ''));
  if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) {
    throw new UserError('USAGE', `请指定一个计划编号（见 ${PLANBOT} plans 列出的 #编号）。用法：${withdrawUsage}`);
  }
  return withDatabase(io, values.db, async (database) => {
    const plan = await findPlan(database.db, id);
    if (!plan) throw new UserError('NOT_FOUND', `没有编号为 ${id} 的计划。请运行 ${PLANBOT} plans 查看已导入的计划。`);
    if (plan.status !== 'active') {
      throw new UserError('NOT_FOUND', `计划 #${id}（${plan.title}）${plan.status === 'withdrawn' ? '此前已撤下' : '已被新版本替代'}，无需撤下。`);
    }
    const [counts] = await database.rows<{ tasks: number; confirmed: number }>(sql`select
      (select count(*) from tasks where plan_id = ${id})::int as tasks,
      (select count(*) from confirmations c join tasks t on t.id = c.task_id where t.plan_id = ${id} and c.status <> 'undone')::int as confirmed`);
    // The only active plan of its year: withdrawing it leaves the year with none, which answers must then say.
    const others = (await plansOfYear(database.db, plan.year)).filter((p) => p.status === 'active' && p.id !== id);
    io.out(`将撤下计划 #${id}：${plan.year}年 ${plan.title}（${counts!.tasks} 项任务，已有确认记录 ${counts!.confirmed} 条）。`);
    io.out('撤下后：');
    io.out('· 群里的回答、提醒和进度（包括 progress 命令）不再包含这些任务，也不再记录对这些任务的确认；'
      + (others.length ? '' : `群里问到${plan.year}年的任务或进度时，会说明该年计划已撤下；`));
    io.out(others.length
      ? `· 导出${plan.year}年台账（export --year ${plan.year}）只含该年仍在生效的计划；要导出本计划，请加 --plan ${id}；`
      : `· 已有的确认记录保留，仍可导出${plan.year}年台账（export --year ${plan.year}），台账中会注明计划已撤下；`);
    io.out('· 重新导入该计划文件即可恢复，任务编号和确认记录不变。');
    if (io.isTTY && !values.yes && !(await confirm(io, '确认撤下吗？[y/N] ', false))) {
      io.out('已取消，计划未改动。');
      return 0;
    }
    await database.db.transaction(async (tx) => {
      if (!(await withdrawPlan(tx, id))) throw new UserError('NOT_FOUND', `计划 #${id} 已不在生效中，未改动。`);
      await audit(tx, { actor: 'cli', action: 'plan.withdraw', subject: `plan:${id}`, details: { title: plan.title, ...counts } });
    });
    io.out(`已撤下计划 #${id}。`);
    return 0;
  });
}
