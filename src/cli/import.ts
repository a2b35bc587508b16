import { existsSync } from 'node:fs';
import { pgliteDir } from '../../db/client.js';
import { activeExamplePlans } from '../../db/repositories/plans.js';
import { findExamples } from '../directory/remove-examples.js';
import { EXAMPLES_STILL_THERE } from './directory.js';
import { loadConfig } from '../../config/index.js';
import { importPlan, type ImportResult, type RevisionChanges } from '../plan-import/import-plan.js';
import { toContract } from '../plan-import/contract.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { confirm, userPath, withDatabase, type CliIo } from './context.js';
import { renderChanges, renderPreview } from './preview.js';
import { PLANBOT } from '../core/invocation.js';

const usage = `${PLANBOT} import <计划文件.docx|.txt|.md> [--json] [--dry-run] [--yes]`;

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' },
  }, usage);
  if (!positionals[0] || positionals.length > 1) throw new UserError('USAGE', `请指定一个计划文件。用法：${usage}`);
  const file = userPath(io, positionals[0]);
  const dryRun = values['dry-run'] ?? false;

  // Parse first, without touching the database: a bad file is reported before anything opens.
  const parsedOnly = await importPlan(file, { dryRun: true });
  if (values.json) {
    if (dryRun) {
      io.out(JSON.stringify(toContract(parsedOnly.parsed, parsedOnly.codes), null, 2));
      return 0;
    }
    return withDatabase(io, values.db, async (database) => {
      const result = await importPlan(file, { database });
      io.out(JSON.stringify(toContract(result.parsed, result.codes), null, 2));
      return 0;
    });
  }
  if (dryRun) {
    // Against the database when it can be read, so the codes shown are the ones an import keeps and a revised
    // plan's changes are listed; a database in use by the running bot leaves the plain preview.
    // A dry run makes no database: on a new machine (no embedded folder yet) there is nothing to compare with.
    let preview: ImportResult = parsedOnly;
    let unread: string | undefined;
    if (io.database || databaseExists(io, values.db)) {
      try {
        preview = await withDatabase(io, values.db, (database) => importPlan(file, { database, preview: true }));
      } catch (err) {
        if (!(err instanceof UserError || (err instanceof Error && err.name === 'ConfigError'))) throw err;
        unread = err.message;
      }
    }
    io.out([
      renderPreview(preview.parsed, preview.codes),
      ...(preview.replaced ? ['', renderChanges(preview.replaced, false)] : []),
      ...(preview.outcome === 'unchanged' ? ['', `该文件此前已导入（计划编号 ${preview.plan!.id}），内容未变。`] : []),
      ...(unread ? ['', `（未能读取数据库，未与已导入的计划比较：${unread}）`] : []),
      '', '（预览模式，未写入数据库）',
    ].join('\n'));
    return 0;
  }
  return withDatabase(io, values.db, async (database) => {
    // Asked first at a terminal: the import is worked out (and rolled back) to show what it will do. Otherwise
    // (--yes, a script) it is done at once and what it did is shown.
    const asking = io.isTTY && !values.yes;
    const preview = asking ? await importPlan(file, { database, preview: true }) : undefined;
    if (preview?.outcome === 'unchanged') {
      io.out(`该文件此前已导入（计划编号 ${preview.plan!.id}），内容未变，无需重复导入。`);
      return 0;
    }
    if (preview) {
      io.out(renderPreview(preview.parsed, preview.codes));
      if (preview.replaced) io.out(`\n${renderChanges(preview.replaced, false)}`);
      const changes = preview.replaced?.changes;
      const losing = changes && losesConfirmations(changes);
      const carrying = changes?.renamed.some((r) => r.confirmed.length);
      // Dropping confirmed work, or carrying it over to a reworded task, is not the default answer.
      const warning = [losing ? '部分已确认的记录将不再计入' : '', carrying ? '改名的任务将沿用原有的确认记录' : ''].filter(Boolean).join('；');
      const question = preview.replaced
        ? `\n${warning ? `注意：${warning}。\n` : ''}确认用此文件替代原计划吗？[${warning ? 'y/N' : 'Y/n'}] `
        : '\n确认导入以上任务吗？[Y/n] ';
      if (!(await confirm(io, question, !warning))) {
        io.out('已取消，未写入任何内容。');
        return 0;
      }
    }
    const result = await importPlan(file, { database });
    if (!preview && result.outcome !== 'unchanged') {
      io.out(renderPreview(result.parsed, result.codes));
      if (result.replaced) io.out(`\n${renderChanges(result.replaced, true)}`);
    }
    const n = result.parsed.tasks.length;
    if (result.outcome === 'unchanged') io.out(`\n该文件此前已导入（计划编号 ${result.plan!.id}），内容未变，无需重复导入。`);
    else if (result.replaced) {
      const back = result.replaced.plan.status === 'withdrawn';
      io.out(`\n已导入${back ? '此前撤下的计划' : '新版本计划'}（编号 ${result.plan!.id}，${n} 项任务），替代原计划（编号 ${result.replaced.plan.id}${back ? '，已撤下' : ''}）。` +
        `沿用原任务 ${result.replaced.kept} 项（保留编号和完成记录），`
        + `${result.replaced.changes.restored.length ? `恢复此前删除的 ${result.replaced.changes.restored.length} 项，` : ''}`
        + `新增 ${result.replaced.changes.added.length} 项，移除 ${result.replaced.dropped} 项。`);
    } else io.out(`\n已导入计划（编号 ${result.plan!.id}），共 ${n} 项任务。`);
    // The example plan npm start loaded would go on answering and reminding beside the office's own, and the example
    // directory's aliases would take the office's department names.
    const examplePlans = await activeExamplePlans(database.db);
    for (const example of examplePlans) {
      if (example.id === result.plan?.id) continue;
      io.out(`注意：示例计划（#${example.id} ${example.title}）仍在生效中，其任务会和本单位的计划一起出现在回答和提醒中。`
        + `如不再需要，请运行：${PLANBOT} plans withdraw ${example.id}；或连同示例通讯录一起删除：${PLANBOT} directory remove-examples`);
    }
    if (!examplePlans.some((p) => p.id === result.plan?.id) && (await findExamples(database)).chats.length) {
      io.out(EXAMPLES_STILL_THERE);
    }
    return 0;
  });
}

/** Whether a revision stops counting some confirmation. */
function losesConfirmations(c: RevisionChanges): boolean {
  return c.removed.some((r) => r.confirmedBy.length) || c.retimed.some((r) => r.lost.length) || c.reassigned.some((r) => r.lost.length);
}

/** Whether the database a command would open is there already (an embedded folder made; a server is assumed). */
function databaseExists(io: CliIo, dbFlag: string | undefined): boolean {
  try {
    const url = loadConfig(dbFlag ? { ...io.env, DATABASE_URL: dbFlag } : io.env).DATABASE_URL;
    if (!url.startsWith('pglite')) return true;
    const dir = pgliteDir(url);
    return dir !== undefined && existsSync(dir);
  } catch {
    return true; // a wrong setting is reported by the attempt
  }
}
