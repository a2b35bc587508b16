import { importDirectory, readDirectoryFile } from '../directory/import-directory.js';
import { UserError } from '../core/errors.js';
import { parseCommandArgs } from './args.js';
import { withDatabase, type CliIo } from './context.js';

const usage = 'planbot directory import <通讯录.yaml>';

export async function directoryCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') throw new UserError('USAGE', `用法：${usage}`);
  const { values, positionals } = parseCommandArgs(rest, {}, usage);
  if (positionals.length !== 1) throw new UserError('USAGE', `请指定一个通讯录文件。用法：${usage}`);
  const dir = await readDirectoryFile(positionals[0]!);
  return withDatabase(io, values.db, async (database) => {
    const r = await importDirectory(database, dir);
    io.out(`通讯录已导入：部门 ${r.departments} 个，群 ${r.chats} 个，人员 ${r.members} 人。`);
    return 0;
  });
}
