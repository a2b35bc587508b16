#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { withDotEnv } from '../config/dotenv.js';
import { ConfigError } from '../config/index.js';
import { UserError } from './core/errors.js';
import { PlanImportError } from './plan-import/errors.js';
import { askCommand } from './cli/ask.js';
import type { CliIo } from './cli/context.js';
import { dbCommand } from './cli/db-copy.js';
import { directoryCommand } from './cli/directory.js';
import { exportCommand } from './cli/export.js';
import { holidaysCommand } from './cli/holidays.js';
import { importCommand } from './cli/import.js';
import { plansCommand } from './cli/plans.js';
import { outboxCommand } from './cli/outbox.js';
import { progressCommand } from './cli/progress.js';
import { remindCommand } from './cli/remind.js';
import { serveCommand } from './cli/serve.js';
import { PLANBOT } from './core/invocation.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  import: importCommand,
  plans: plansCommand,
  directory: directoryCommand,
  ask: askCommand,
  remind: remindCommand,
  outbox: outboxCommand,
  progress: progressCommand,
  export: exportCommand,
  holidays: holidaysCommand,
  db: dbCommand,
  serve: serveCommand,
};

const help = `工会计划助手 命令行（${PLANBOT} <命令>）

  import <文件> [--json] [--dry-run] [--yes]
                                       导入年度工作计划（.docx / .txt / .md）；在终端中先显示预览并请您确认，
                                       --yes 不再询问
  plans [--json]                       列出已导入的计划
  plans withdraw <编号> [--yes]        撤下计划（如示例计划），其任务不再回答、提醒；重新导入可恢复
  directory import <文件.yaml>         导入部门、群和人员通讯录
  directory remove-examples [--yes]    删除首次启动载入的示例数据（示例计划、部门、控制台群和人员），正式使用前运行
  ask "<问题>" [--chat 群名] [--user 姓名] [--today YYYY-MM-DD] [--json]
                                       在命令行里向助手提一个问题（本地控制台）
  remind --at <时间> [--dry-run] [--yes] [--json]
                                       某一时刻的提醒，例如 --at 2026-07-01T09:00+08:00；在终端中先显示，
                                       确认后立即发到各群；--dry-run 只看不发，--yes 不再询问
  outbox [--json] [--limit 条数]       查看待发送、已发送和发送失败的推送
  outbox retry [编号…]                 排除原因后，把发送失败的推送重新加入队列（不写编号则全部）
  progress [--month YYYY-MM] [--today YYYY-MM-DD] [--json]
                                       查看各部门某月的完成情况（默认本月）；--today 按该日结束时的情况统计
                                       （逾期按该日计算，此后记录的确认、撤销不计入）
  export --year <年份> --out <文件.xlsx> [--plan 计划编号] [--today YYYY-MM-DD]
                                       导出全年工作台账（Excel），年终上报用；--plan 只导出该计划（可为已撤下的计划）；
                                       --today 按该日结束时的情况导出（逾期按该日计算，此后记录的确认、撤销不计入）
  holidays [--json]                    查看已有哪些年份的放假和调休安排
  holidays import <放假通知.txt> [--year 年份] [--dry-run] [--yes] [--json]
                                       导入国务院办公厅当年的放假通知（程序未自带的年份），提醒据此避开假期
  db copy --to <数据库地址>            把全部数据复制到另一个空数据库（如从内置数据库迁到 PostgreSQL 服务器）
  serve                                启动服务（同 npm start）

通用参数：--db <数据库地址>（默认 DATABASE_URL，未设置时使用内置数据库 ./data/pglite）  --debug 显示详细错误`;

/** Runs one CLI invocation and returns its exit code; user errors are printed in Chinese, never as a stack. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parts: string[];
  try {
    parts = commandFirst(argv);
  } catch (err) {
    io.err((err as Error).message);
    return 1;
  }
  const [name, ...args] = parts;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    // Asked for: the usage on stdout. No command at all is a usage error: on stderr, exit 1.
    if (name) io.out(help);
    else io.err(`请指定一个命令。\n\n${help}`);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    io.err(`未知命令：${name}。\n\n${help}`);
    return 1;
  }
  // `remind --help`: that command's lines of the help, with the general options.
  if (args.includes('--help') || args.includes('-h')) {
    io.out(commandHelp(name));
    return 0;
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof UserError || err instanceof PlanImportError || err instanceof ConfigError) {
      io.err(err.message);
      if (argv.includes('--debug') && err.cause) io.err(String((err.cause as Error).stack ?? err.cause));
      return 1;
    }
    if (argv.includes('--debug')) io.err(String((err as Error).stack ?? err));
    else io.err('抱歉，执行时出现内部错误。请加上 --debug 重试以查看详细信息，并联系管理员。');
    return 2;
  }
}

/** The help's header, the entries of one command (its first line and the indented lines under it) and the general options. */
function commandHelp(name: string): string {
  const lines = help.split('\n');
  const out: string[] = [lines[0]!, ''];
  let mine = false;
  for (const line of lines.slice(1)) {
    if (/^ {2}\S/.test(line)) mine = line.trim().split(/\s+/)[0] === name;
    else if (!/^ {3,}\S/.test(line)) mine = false;
    if (mine) out.push(line);
  }
  out.push('', lines.find((l) => l.startsWith('通用参数'))!);
  return out.join('\n');
}

/** `--db X plans` as well as `plans --db X`: the general options may come before the command. */
function commandFirst(argv: string[]): string[] {
  const general: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--debug' || a.startsWith('--db=')) general.push(a);
    else if (a === '--db' && i + 1 < argv.length) general.push(a, argv[++i]!);
    else if (a === '--db') throw new UserError('USAGE', '--db 后面缺少数据库地址，如 --db postgres://用户@主机:5432/库名。');
    else break;
  }
  return [...argv.slice(i), ...general];
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  // Output piped into a reader that stopped early (`planbot outbox | head`): the rest is simply not wanted.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  let env;
  try {
    env = withDotEnv(process.env).env;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const code = await runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    env,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  });
  process.exitCode = code;
}
