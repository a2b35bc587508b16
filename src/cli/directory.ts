import { importDirectory, readDirectoryFile } from '../directory/import-directory.js';
import { loadConfig } from '../../config/index.js';
import { UserError } from '../core/errors.js';
import { pushProblems } from '../directory/check-push.js';
import { parseCommandArgs } from './args.js';
import { confirm, userPath, withDatabase, type CliIo } from './context.js';
import { PLANBOT } from '../core/invocation.js';
import { findExamples, removeExamples, type RemovedExamples } from '../directory/remove-examples.js';

/** Said after importing the office's own plan or directory while the example data is still there. */
export const EXAMPLES_STILL_THERE = `注意：首次启动载入的示例数据（示例计划、示例部门及其别名、本地控制台的示例群和人员）仍在。`
  + `示例部门的别名（如“人事处”“工会办公室”）会把本单位计划中的同名部门归入示例部门，示例办公室群也会决定谁是办公室。`
  + `请运行：${PLANBOT} directory remove-examples`;

/**
 * `directory remove-examples`: removes what the first start loaded from examples/ (see removeExamples), after
 * showing it; asks at a terminal.
 */
async function removeExamplesCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { yes: { type: 'boolean' } }, usage);
  if (positionals.length) throw new UserError('USAGE', `无法识别的参数 ${positionals.join(' ')}。用法：${usage}`);
  return withDatabase(io, values.db, async (database) => {
    const found = await findExamples(database);
    if (!found.plans.length && !found.chats.length && !found.members.length && !found.departments.length && !found.kept.length) {
      io.out('没有示例数据，无需删除。');
      return 0;
    }
    for (const line of describeExamples(found, false)) io.out(line);
    if (io.isTTY && !values.yes && !(await confirm(io, '确认删除以上示例数据？[y/N] ', false))) {
      io.out('已取消，未作改动。');
      return 0;
    }
    const removed = await removeExamples(database);
    for (const line of describeExamples(removed, true)) io.out(line);
    return 0;
  });
}

function describeExamples(r: RemovedExamples, done: boolean): string[] {
  const verb = done ? '已删除' : '将删除';
  const lines = [`${verb}首次启动载入的示例数据：`];
  if (r.plans.length) lines.push(`  示例计划：${r.plans.map((p) => `#${p.id} ${p.title}`).join('、')}（连同其任务和在其上试做的确认）`);
  if (r.chats.length) lines.push(`  本地控制台的示例群：${r.chats.join('、')}`);
  if (r.members.length) lines.push(`  示例人员：${r.members.join('、')}`);
  if (r.departments.length) lines.push(`  示例部门：${r.departments.join('、')}`);
  if (r.kept.length) lines.push(`  保留（本单位的计划、群或人员在用）：${r.kept.join('、')}，${done ? '已去掉' : '将去掉'}示例中给它们的别名`);
  return lines;
}

const usage = `${PLANBOT} directory import <通讯录.yaml>  或  ${PLANBOT} directory remove-examples [--yes]`;

export async function directoryCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'remove-examples') return removeExamplesCommand(rest, io);
  if (sub !== 'import') throw new UserError('USAGE', `用法：${usage}`);
  const { values, positionals } = parseCommandArgs(rest, {}, usage);
  if (positionals.length !== 1) throw new UserError('USAGE', `请指定一个通讯录文件。用法：${usage}`);
  const dir = await readDirectoryFile(userPath(io, positionals[0]!));
  // Push addresses are checked against the platforms' configured bases, before anything is written.
  const problems = pushProblems(dir, loadConfig(io.env));
  if (problems.length) {
    throw new UserError('DIRECTORY_FILE', ['通讯录中群的推送设置有误，未导入：', ...problems.map((p) => `  - ${p}`),
      '请改正后重新导入；否则这些群的提醒会发送失败。'].join('\n'));
  }
  if (!dir.departments.length && !dir.chats.length && !dir.members.length) {
    io.out('文件中没有部门、群或人员，数据库未作改动。格式见 examples/directory.yaml。');
    return 0;
  }
  return withDatabase(io, values.db, async (database) => {
    const r = await importDirectory(database, dir);
    io.out(`通讯录已导入：部门 ${r.departments} 个，群 ${r.chats} 个，人员 ${r.members} 人。`);
    const loose = dir.chats.filter((c) => !c.department?.trim() && !c.office);
    if (loose.length) {
      io.out(`注意：${loose.map((c) => `“${c.name ?? c.id}”`).join('、')}没有写明所属部门（department），不会收到任何部门的提醒；`
        + '如是某部门的工作群，请补上 department 后重新导入。');
    }
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
    for (const line of officeNotes(r.officeChats)) io.out(line);
    const examples = await findExamples(database);
    if (examples.chats.length && dir.chats.some((c) => c.platform !== 'console')) io.out(EXAMPLES_STILL_THERE);
    if (r.withoutGroup.length) {
      io.out(`注意：${r.withoutGroup.join('、')}在计划中有任务，但还没有绑定群，收不到提醒。请在通讯录中为其群写明 department 后重新导入，`
        + '或由管理员在该群里发送“绑定 部门名称”。');
    }
    for (const m of r.maybeSame) {
      io.out(`提示：计划中的“${m.name}”可能就是${m.like}。如是，请在通讯录中把“${m.name}”加为${m.like}的别名（aliases）后重新导入，其任务会归入${m.like}。`);
    }
    if (r.headsNotInFile.length) {
      io.out(`注意：${r.headsNotInFile.map((h) => `${h.name}${h.department ? `（${h.department}）` : ''}`).join('、')}仍登记为负责人，但不在本文件的人员中。`
        + '如已不再负责，请在文件中把其 role 改为 staff 后重新导入，或由管理员在群里发送“取消负责人 @姓名”。');
    }
    return 0;
  });
}

/**
 * What the office groups mean for the work a plan gives no department: it is the first office group's department's
 * to confirm. Said when that is unclear: office groups of different departments, or none with a department.
 */
export function officeNotes(office: { name: string; department: string | null }[]): string[] {
  if (!office.length) {
    return ['注意：通讯录中还没有办公室群（office: true）。逾期汇总和每周汇总只发给办公室群，请在通讯录中为工会办公室的群写上 office: true。'];
  }
  const depts = [...new Set(office.map((c) => c.department).filter((d): d is string => !!d))];
  if (!depts.length) {
    return ['注意：办公室群没有写明所属部门（department）。计划中没有写明负责部门的任务将无法确认，请为办公室群填写 department 后重新导入。'];
  }
  if (depts.length > 1) {
    return [`注意：办公室群分属不同部门（${office.filter((c) => c.department).map((c) => `${c.name}：${c.department}`).join('，')}）。`
      + `计划中没有写明负责部门的任务算作${depts[0]}的任务；如不是本意，请把办公室群都绑定到同一部门。`];
  }
  return [];
}
