import { importPlan } from '../plan-import/import-plan.js';
import { toContract } from '../plan-import/contract.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { confirm, withDatabase, type CliIo } from './context.js';
import { renderPreview } from './preview.js';

const usage = 'planbot import <计划文件.docx|.txt|.md> [--json] [--dry-run] [--yes]';

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' },
  }, usage);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError('USAGE', `请指定一个计划文件。用法：${usage}`);
  const dryRun = values['dry-run'] ?? false;

  // Parse first, without touching the database: a bad file is reported before anything opens.
  const preview = await importPlan(file, { dryRun: true });
  if (dryRun) {
    io.out(values.json ? JSON.stringify(toContract(preview.parsed, preview.codes), null, 2)
      : `${renderPreview(preview.parsed, preview.codes)}\n\n（预览模式，未写入数据库）`);
    return 0;
  }
  if (!values.json) {
    io.out(renderPreview(preview.parsed, preview.codes));
    if (io.isTTY && !values.yes && !(await confirm(io, '\n确认导入以上任务吗？[Y/n] ', true))) {
      io.out('已取消，未写入任何内容。');
      return 0;
    }
  }
  return withDatabase(io, values.db, async (database) => {
    const result = await importPlan(file, { database });
    if (values.json) {
      io.out(JSON.stringify(toContract(result.parsed, result.codes), null, 2));
      return 0;
    }
    const n = result.parsed.tasks.length;
    if (result.outcome === 'unchanged') io.out(`\n该文件此前已导入（计划编号 ${result.plan!.id}），内容未变，无需重复导入。`);
    else if (result.replaced) {
      io.out(`\n已导入新版本计划（编号 ${result.plan!.id}，${n} 项任务），替代原计划（编号 ${result.replaced.plan.id}）。` +
        `沿用原任务 ${result.replaced.kept} 项（保留编码和完成记录），移除 ${result.replaced.dropped} 项。`);
    } else io.out(`\n已导入计划（编号 ${result.plan!.id}），共 ${n} 项任务。`);
    return 0;
  });
}
