import type { IncomingMessage } from '../../core/message.js';
import type { MessageHandler } from '../../core/platform.js';
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
    log.error({ platform: msg.platform, messageId: msg.messageId, chatId: msg.chatId, ...errorFields(err) }, 'message handler failed');
    return reply(USER_MESSAGES.failed);
  }
}

/**
 * The handler's accept (MessageHandler.accept) with the same care: resolves once the message is recorded,
 * with the rest of its handling, which never throws either. A handler without accept records nothing ahead.
 */
export async function safeAccept(
  handle: MessageHandler, msg: IncomingMessage, log: PlatformLogger,
): Promise<() => Promise<Reply | null>> {
  if (!handle.accept) return () => safeHandle(handle, msg, log);
  try {
    const rest = await handle.accept(msg);
    return () => safeHandle(rest, msg, log);
  } catch (err) {
    return () => safeHandle(() => Promise.reject(err), msg, log);
  }
}
