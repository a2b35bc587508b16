import { importDirectory, readDirectoryFile } from '../directory/import-directory.js';
import { loadConfig } from '../../config/index.js';
import { UserError } from '../core/errors.js';
import { pushProblems } from '../directory/check-push.js';
import { parseCommandArgs } from './args.js';
import { withDatabase, type CliIo } from './context.js';

const usage = 'planbot directory import <通讯录.yaml>';

export async function directoryCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') throw new UserError('USAGE', `用法：${usage}`);
  const { values, positionals } = parseCommandArgs(rest, {}, usage);
  if (positionals.length !== 1) throw new UserError('USAGE', `请指定一个通讯录文件。用法：${usage}`);
  const dir = await readDirectoryFile(positionals[0]!);
  // Push addresses are checked against the platforms' configured bases, before anything is written.
  const problems = pushProblems(dir, loadConfig(io.env));
  if (problems.length) {
    throw new UserError('DIRECTORY_FILE', ['通讯录中群的推送设置有误，未导入：', ...problems.map((p) => `  - ${p}`),
      '请改正后重新导入；否则这些群的提醒会发送失败。'].join('\n'));
  }
  return withDatabase(io, values.db, async (database) => {
    const r = await importDirectory(database, dir);
    io.out(`通讯录已导入：部门 ${r.departments} 个，群 ${r.chats} 个，人员 ${r.members} 人。`);
    if (r.newDepartments.length) {
      io.out(`注意：${r.newDepartments.map((n) => `“${n}”`).join('、')}不在已导入的计划和通讯录的部门中，已作为新部门登记。`
        + '如是笔误，请改正后重新导入（否则该群收不到原部门的提醒）。');
    }
    if (r.merged.length) {
      io.out(`已合并：${r.merged.map((m) => `“${m.alias}”即${m.into}`).join('，')}（通讯录中的别名），相关任务和确认记录已归入${r.merged.length > 1 ? '各' : '该'}部门。`);
      const replaced = r.merged.reduce((n, m) => n + m.replacedConfirmations.length, 0);
      if (replaced) io.out(`其中 ${replaced} 条确认记录与该部门对同一任务的记录重复，已保留较完整的一条（被替换的记录见操作日志）。`);
    }
    for (const m of r.notMerged) io.out(`注意：“${m.alias}”${m.reason}，未合并。`);
    if (!r.departments && !r.chats && !r.members) io.out('提示：文件中没有部门、群或人员，数据库未作改动。格式见 examples/directory.yaml。');
    return 0;
  });
}
