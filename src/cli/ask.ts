import { randomUUID } from 'node:crypto';
import { incomingMessage } from '../core/message.js';
import { findChatTemplate, findConsoleMember, ensureChat } from '../../db/repositories/chat-participants.js';
import { toTaskJson } from '../answers/task-json.js';
import { shanghaiNoon } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { createTurnHandler } from '../core/handle-message.js';
import { replyText } from '../core/reply.js';
import { parseCommandArgs } from './args.js';
import { withDatabase, type CliIo } from './context.js';
import { todayProblem } from './progress.js';
import { PLANBOT } from '../core/invocation.js';

const usage = `${PLANBOT} ask "<问题>" [--chat 群名] [--user 姓名] [--today YYYY-MM-DD] [--json]`;
// The console page's defaults, so the CLI and the page talk in the same chat when nothing is named.
const DEFAULT_CHAT = '本地测试群';
const DEFAULT_USER = '本地用户';

/** One chat turn on the console platform, as if typed into the console page (design §7). */
export async function askCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    chat: { type: 'string' }, user: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' },
  }, usage);
  if (positionals.length !== 1) throw new UserError('USAGE', `请给出一个问题（有空格时请加引号）。用法：${usage}`);
  let now: Date | undefined;
  if (values.today !== undefined) {
    now = shanghaiNoon(values.today);
    if (!now) throw new UserError('USAGE', todayProblem(values.today));
  }
  return withDatabase(io, values.db, async (database, config) => {
    const chatKey = values.chat?.trim() || DEFAULT_CHAT;
    const userKey = values.user?.trim() || DEFAULT_USER;
    // --chat names a console chat, or any bound chat or department, whose binding a console twin takes over. The
    // twin answers as that group; the reminders still go to the group (or groups) of the department only.
    const template = await findChatTemplate(database.db, chatKey);
    if (template?.kind === 'template') {
      await ensureChat(database.db, {
        platform: 'console', externalId: chatKey, name: chatKey,
        departmentId: template.departmentId, isOffice: template.isOffice, receivesReminders: false,
      });
    }
    const chatId = template?.kind === 'console' ? template.externalId : chatKey;
    const senderId = (await findConsoleMember(database.db, userKey)) ?? userKey;
    const debug = values.debug ?? false;
    const logger = { info: () => {}, warn: () => {}, error: (f: Record<string, unknown>) => {
      if (debug) io.err(String((f.err as Error | undefined)?.stack ?? f.err));
    } };
    const turn = await createTurnHandler({ database, logger, admins: config.PLANBOT_ADMINS, now: now && (() => now!) })(incomingMessage({
      platform: 'console', messageId: `ask-${randomUUID()}`, chatId, chatType: 'group', chatName: chatKey,
      senderId, senderName: userKey, text: positionals[0]!, mentionsBot: true, receivedAt: now ?? new Date(),
    }));
    if (!turn) throw new Error('a fresh message id was reported as a duplicate');
    const text = replyText(turn.reply);
    if (values.json) {
      io.out(JSON.stringify({ intent: turn.intent, reply: text, tasks: turn.tasks.map(toTaskJson) }, null, 2));
    } else io.out(text);
    return turn.intent === 'error' ? 1 : 0;
  });
}
