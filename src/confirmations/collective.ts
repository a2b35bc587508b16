import type { CommandContext } from '../core/context.js';

/**
 * A department name that stands for many units: 各基层工会, 各分会, 各单位, 各部门. The plan names it as one
 * department, so it has one confirmation per task window: the first grassroots union to report closes it for all.
 */
export const isCollective = (name: string) => /^各\p{Script=Han}{2,}$/u.test(name);

/**
 * What a member of one unit is told after recording for such a department from outside the office (finding s10 #4):
 * that it was recorded for the whole, that the office sees it, and how to say only their own part is done.
 * The office confirming (when all units are done) is told nothing more.
 */
export function collectiveLines(dept: string, code: string, action: 'done' | 'partial' | 'undo', ctx: CommandContext): string[] {
  if (action === 'undo' || !isCollective(dept) || ctx.chat.isOffice) return [];
  return [`注意：${dept}在计划中是一个整体，本条已记为${dept}整体的${action === 'done' ? '完成' : '进展'}，办公室在进度中可以看到。`
    + (action === 'done' ? `如只是本单位完成、其他单位还没有完成，请发送“撤销 ${code}”后改发“部分完成 ${code} 本单位已完成…”，全部完成后由办公室确认。` : '')];
}
