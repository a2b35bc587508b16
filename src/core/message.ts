export type PlatformName = 'wecom' | 'dingtalk' | 'console';

/** A chat message, normalised at the platform edge; commands never see a raw payload. */
export interface IncomingMessage {
  platform: PlatformName;
  /** Platform message id (WeCom msgid, DingTalk msgId); redeliveries carry the same id. */
  messageId: string;
  /** External chat id (WeCom chatid, DingTalk conversationId, console chat name). */
  chatId: string;
  chatType: 'group' | 'single';
  chatName?: string;
  senderId: string;
  senderName?: string;
  /** Message text with a leading @bot mention removed. */
  text: string;
  /** Text of the quoted message (WeCom quote, DingTalk repliedMsg), if the user replied to one. */
  quotedText?: string;
  mentionsBot: boolean;
  receivedAt: Date;
  /**
   * What the adapter needs to answer this message after a restart (DingTalk: the callback, with its
   * sessionWebhook), for transports that acknowledge before answering. Kept with the record until handled.
   */
  resume?: unknown;
}

/**
 * An IncomingMessage with every field present, in one order, whichever platform it came from: the turn handler,
 * the router and the commands then see one object shape and stay on V8's fast paths (a process serving WeCom and
 * DingTalk spent about a tenth more CPU per WeCom answer after DingTalk traffic when each built its own shape).
 */
export function incomingMessage(m: IncomingMessage): IncomingMessage {
  return {
    platform: m.platform, messageId: m.messageId, chatId: m.chatId, chatType: m.chatType, chatName: m.chatName,
    senderId: m.senderId, senderName: m.senderName, text: m.text, quotedText: m.quotedText, mentionsBot: m.mentionsBot,
    receivedAt: m.receivedAt, resume: m.resume,
  };
}
