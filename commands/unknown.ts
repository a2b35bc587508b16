import { closestTasks } from '../src/answers/suggestions.js';
import { taskLine } from '../src/answers/task-lines.js';
import { answer, defineCommand } from '../src/core/router.js';
import { selectTasks } from '../src/query/select-tasks.js';
import { EXAMPLES } from './help.js';

/** The fallback: never silence. A short apology, the closest tasks if any, and what can be asked. */
export const unknown = defineCommand({
  name: 'unknown',
  match: () => true,
  handle: async (_m, ctx) => {
    const q = await ctx.query();
    const near = closestTasks(q, selectTasks(q).year);
    return answer([
      q.asksStatus ? '抱歉，我没有理解您的问题。查完成情况可以发送“进度”或“未完成”。' : '抱歉，我没有理解您的问题。',
      ...(near.length ? ['您可能想找：', ...near.map(taskLine)] : []),
      `可以这样问：${EXAMPLES.join('、')}。`,
    ], { footer: '发送“帮助”查看全部用法。', tasks: near });
  },
});
