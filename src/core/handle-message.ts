import type { Database } from '../../db/client.js';
import { ensureChat, ensureMember } from '../../db/repositories/chat-participants.js';
import { recordInbound } from '../../db/repositories/inbound-messages.js';
import type { PlanTask } from '../../db/repositories/tasks.js';
import { commands as defaultCommands } from '../../commands/index.js';
import { DEFAULT_TIME_ZONE, shanghaiDate } from './clock.js';
import { createContext } from './context.js';
import { silentLogger, type Logger } from './logger.js';
import type { IncomingMessage } from './message.js';
import type { MessageHandler } from './platform.js';
import { reply, type Reply } from './reply.js';
import { route, type Command } from './router.js';
import { stripMention } from './strip-mention.js';

export interface HandlerDeps {
  database: Database;
  /** Injectable clock for tests and `planbot ask --today`. */
  now?: () => Date;
  logger?: Logger;
  /** PLANBOT_ADMINS entries, "platform:userid". */
  admins?: string[];
  timeZone?: string;
  commands?: readonly Command<any>[];
  /** Called after each answered turn (metrics by intent). */
  onTurn?: (turn: ChatTurn, msg: IncomingMessage) => void;
}

/** One answered message: which command answered, its reply, and the tasks the answer is about. */
export interface ChatTurn {
  intent: string;
  reply: Reply;
  tasks: PlanTask[];
}

export const APOLOGY = '抱歉，系统暂时出了点问题，没能处理您的消息。请稍后再试；如果一直这样，请联系工会办公室。';

/**
 * Handles one inbound message and returns the turn, or null for a redelivery (each message acts once).
 *
 * The message is recorded in the same transaction as everything the command writes. If anything fails,
 * nothing stays recorded, the user gets an apology, and a redelivery of the same message is handled afresh:
 * a message is never left recorded-but-unanswered. Commands that write must raise UserError before writing
 * (a UserError is an answer, see route(), and its transaction commits).
 */
export function createTurnHandler(deps: HandlerDeps): (msg: IncomingMessage) => Promise<ChatTurn | null> {
  const logger = deps.logger ?? silentLogger;
  const admins = new Set(deps.admins ?? []);
  const commands = deps.commands ?? defaultCommands;
  return async (msg) => {
    try {
      return await deps.database.db.transaction(async (tx) => {
        const text = storable(typeof msg.text === 'string' ? msg.text : '');
        const fresh = await recordInbound(tx, {
          platform: msg.platform, messageId: storable(msg.messageId), chatExternalId: storable(msg.chatId),
          senderExternalId: storable(msg.senderId), text,
        });
        if (!fresh) {
          logger.info({ messageId: msg.messageId, platform: msg.platform }, 'duplicate message ignored');
          return null;
        }
        const chat = await ensureChat(tx, {
          platform: msg.platform, externalId: storable(msg.chatId), name: msg.chatName && storable(msg.chatName),
        });
        const member = await ensureMember(tx, {
          platform: msg.platform, externalId: storable(msg.senderId), name: msg.senderName && storable(msg.senderName),
        });
        const now = deps.now?.() ?? msg.receivedAt ?? new Date();
        const ctx = createContext({
          database: deps.database, db: tx, message: msg, text: stripMention(text), chat, member, logger, now,
          today: shanghaiDate(now, deps.timeZone ?? DEFAULT_TIME_ZONE),
          // The local console is operated by the office itself; on chat platforms admins are configured or listed.
          isAdmin: msg.platform === 'console' || member.role === 'admin' || admins.has(`${msg.platform}:${msg.senderId}`),
        });
        const { command, reply: r } = await route(commands, ctx.text, ctx);
        const { tasks = [], ...visible } = r;
        return { intent: command, reply: visible, tasks };
      });
    } catch (err) {
      logger.error({ err, messageId: msg.messageId, platform: msg.platform, chatId: msg.chatId }, 'chat message failed');
      return { intent: 'error', reply: reply(APOLOGY), tasks: [] };
    }
  };
}

// PostgreSQL text cannot hold NUL, and UTF-8 cannot hold a lone UTF-16 surrogate: a stray one in a chat
// message must not turn an answerable question into a database error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function storable(s: string): string {
  return s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** The MessageHandler platform adapters call: a Reply, or null when the message was already handled. */
export function createMessageHandler(deps: HandlerDeps): MessageHandler {
  const turn = createTurnHandler(deps);
  return async (msg) => {
    const t = await turn(msg);
    if (t) deps.onTurn?.(t, msg);
    return t?.reply ?? null;
  };
}
