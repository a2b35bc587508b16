import { officeDepartment } from '../db/repositories/departments.js';
import { scopeNotes } from '../src/answers/scope-title.js';
import { closestTasks } from '../src/answers/suggestions.js';
import { departmentsText, whenWithNote } from '../src/answers/task-lines.js';
import { answer, defineCommand, type CommandReply } from '../src/core/router.js';
import { selectionTasks, selectTasks } from '../src/query/select-tasks.js';

const MAX_ITEMS = 8;
/** "送清凉什么时候", "疗休养安排在几月": answers with the months of the matching tasks. */
export const whenCommand = defineCommand({
  name: 'when',
  match: async (_text, ctx) => {
    const q = await ctx.query();
    return q.asksWhen && !q.time.months && (q.keywords.length > 0 || q.departments.length > 0) ? q : null;
  },
  handle: async (q, ctx): Promise<CommandReply> => {
    const s = selectTasks(q);
    // A festival the plan does not name answers with the tasks dated in its months, not the all-year ones.
    const tasks = s.festival ? s.dated : selectionTasks(s);
    const notes = scopeNotes(q, s);
    if (!tasks.length && s.festival && s.months) {
      return answer([...notes, `这期间计划中没有专门安排的任务。`], { footer: '可以问“全年任务”查看全部安排。' });
    }
    if (!tasks.length) {
      const near = closestTasks(q, s.year);
      return answer([
        `没有在${s.year}年的计划中找到“${q.keywords.join(' ') || q.departments.map((d) => d.name).join('、')}”相关的任务。`,
        ...notes,
        ...(near.length ? ['您可能想问：', ...near.map((t) => `· ${t.title}：${whenWithNote(t)}（${t.code}）`)] : []),
      ], { footer: '可换个说法再问，或发送“帮助”查看示例。', tasks: near });
    }
    if (tasks.length === 1 && !s.festival) {
      const t = tasks[0]!;
      // Work the plan gives no department is the office's to confirm: named, as its standing names it.
      const office = t.departments.length ? undefined : await officeDepartment(ctx.db);
      return answer([`${t.title}：${whenWithNote(t)}。`, `编号 ${t.code}｜负责：${office ? `${office.name}（计划未注明部门）` : departmentsText(t)}`, ...notes], { tasks });
    }
    const shown = tasks.slice(0, MAX_ITEMS);
    const lines = shown.map((t) => `· ${t.title}：${whenWithNote(t)}（${t.code}｜${departmentsText(t)}）`);
    if (tasks.length > shown.length) lines.push(`……另有 ${tasks.length - shown.length} 项，请说得更具体一些。`);
    // With a festival fallback the note ("计划中没有单独写…") must come before the list it explains.
    const title = s.festival ? undefined : `找到 ${tasks.length} 项相关任务：`;
    return answer(s.festival ? [...notes, ...lines] : [...lines, ...notes], { title, tasks });
  },
});
