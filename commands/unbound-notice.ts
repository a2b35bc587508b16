import { unboundHome, unboundNotice } from '../src/directory/binding-status.js';
import type { Command } from '../src/core/router.js';

/**
 * The command, with one line added to its answers from a group bound to no department when the sender's department
 * has no group either: nobody there hears of its reminders, and they may not know (finding s10 #11).
 *
 * Only progress questions get it ("我们的进度", "未完成", "逾期"): they are what someone asks about their own
 * department's work, which is what reminders would have told them. Adding it to every reply would repeat it on each
 * question about the plan; a reply to "为什么没收到提醒" or "怎么绑定群" and a refused confirmation say it already.
 */
export function withUnboundNotice<M>(command: Command<M>): Command<M> {
  return {
    ...command,
    handle: async (match, ctx) => {
      const r = await command.handle(match, ctx);
      const home = await unboundHome(ctx);
      return home ? { ...r, lines: [...r.lines, unboundNotice(home.name)] } : r;
    },
  };
}
