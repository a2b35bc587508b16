import { listPlans } from '../../db/repositories/plans.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { withDatabase, type CliIo } from './context.js';

export async function plansCommand(args: string[], io: CliIo): Promise<number> {
  const usage = 'planbot plans [--json]';
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
      io.out('还没有导入任何计划。请先运行：npm run planbot -- import 计划文件.docx');
      return 0;
    }
    for (const p of plans) {
      // A replaced version keeps only the tasks the new one dropped (the rest moved on): its count would mislead.
      const status = p.status === 'active' ? `${p.taskCount}项任务  生效中` : '已被新版本替代';
      io.out(`#${p.id}  ${p.year}年  ${p.title}  ${status}${p.docNo ? `  ${p.docNo}` : ''}`);
    }
    return 0;
  });
}
