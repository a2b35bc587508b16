import type { IncomingMessage } from '../../core/message.js';
import type { AcceptedTurn, Deliver, MessageHandler } from '../../core/platform.js';
import { reply, type Reply } from '../../core/reply.js';
import { errorFields, type PlatformLogger } from './logger.js';
import { USER_MESSAGES } from './user-messages.js';

/**
 * Calls the handler; a throw becomes a polite Chinese apology for the user and a full log entry with
 * the message id (style.md: errors handled in one place). `null` still means "duplicate, say nothing".
 */
export async function safeHandle(
  handle: (msg: IncomingMessage) => Promise<Reply | null>, msg: IncomingMessage, log: PlatformLogger,
): Promise<Reply | null> {
  try {
    return await handle(msg);
  } catch (err) {
    logFailure(log, msg, err);
    return reply(USER_MESSAGES.failed);
  }
}

function logFailure(log: PlatformLogger, msg: IncomingMessage, err: unknown): void {
  log.error({ platform: msg.platform, messageId: msg.messageId, chatId: msg.chatId, ...errorFields(err) }, 'message handler failed');
}

/**
 * The handler's accept (MessageHandler.accept) with the same care: resolves once the message is recorded, with
 * the rest of its turn, which hands the answer (or an apology) to `deliver` and never throws. A handler without
 * accept records nothing ahead: the rest then handles the message whole.
 */
export async function safeAccept(handle: MessageHandler, msg: IncomingMessage, log: PlatformLogger): Promise<AcceptedTurn> {
  if (!handle.accept) {
    return Object.assign(async (deliver: Deliver) => {
      const answer = await safeHandle(handle, msg, log);
      if (answer) await deliver(answer);
    }, { held: true });
  }
  let rest: AcceptedTurn;
  try {
    rest = await handle.accept(msg);
  } catch (err) {
    logFailure(log, msg, err);
    return Object.assign(async (deliver: Deliver) => void (await deliver(reply(USER_MESSAGES.failed))), { held: false });
  }
  return Object.assign(async (deliver: Deliver) => {
    let delivered = false;
    try {
      await rest(async (answer) => {
        delivered = true;
        await deliver(answer);
      });
    } catch (err) {
      logFailure(log, msg, err);
      if (!delivered) await deliver(reply(USER_MESSAGES.failed));
    }
  }, { held: rest.held });
}
