import { incomingMessage, type IncomingMessage } from '../../core/message.js';
import { stripMention } from '../../core/strip-mention.js';
import { collectText } from '../shared/collect-text.js';
import type { WecomCallback } from './callback-types.js';

export type DecodedWecomCallback =
  | { kind: 'message'; message: IncomingMessage; responseUrl?: string }
  | { kind: 'stream-refresh'; msgid: string; streamId: string }
  | { kind: 'event'; msgid: string; eventType: string }
  | { kind: 'invalid'; reason: string };

/**
 * Turns a decrypted callback (HTTP) or a long-connection frame body into an IncomingMessage.
 * Shared by both WeCom transports (style.md: normalise once at the edge).
 */
export function decodeWecomCallback(value: unknown, receivedAt: Date): DecodedWecomCallback {
  if (!value || typeof value !== 'object') return { kind: 'invalid', reason: 'not an object' };
  const cb = value as Partial<WecomCallback>;
  if (typeof cb.msgid !== 'string' || !cb.msgid) return { kind: 'invalid', reason: 'msgid missing' };
  if (cb.msgtype === 'event') {
    return { kind: 'event', msgid: cb.msgid, eventType: String(cb.event?.eventtype ?? 'unknown') };
  }
  if (cb.msgtype === 'stream') {
    return { kind: 'stream-refresh', msgid: cb.msgid, streamId: String(cb.stream?.id ?? '') };
  }
  const userid = cb.from?.userid;
  if (typeof userid !== 'string' || !userid) return { kind: 'invalid', reason: 'from.userid missing' };
  const group = cb.chattype === 'group';
  const raw = messageText(cb);
  const message = incomingMessage({
    platform: 'wecom',
    messageId: cb.msgid,
    // Single chats carry no chatid; the user id is the conversation (aibot_send_msg uses it the same way).
    chatId: group && typeof cb.chatid === 'string' && cb.chatid ? cb.chatid : userid,
    chatType: group ? 'group' : 'single',
    senderId: userid,
    // In groups the content includes the "@bot " that triggered the callback (100719).
    text: group ? stripMention(raw) : raw.trim(),
    // Groups deliver only messages that @ the bot; a single chat is addressed to it.
    // A quote with no readable text (an image) still tells the core that the user replied to something.
    quotedText: cb.quote && typeof cb.quote === 'object' ? collectText(cb.quote).join('\n') : undefined,
    mentionsBot: true,
    receivedAt,
  });
  return { kind: 'message', message, responseUrl: typeof cb.response_url === 'string' ? cb.response_url : undefined };
}

function messageText(cb: Partial<WecomCallback>): string {
  switch (cb.msgtype) {
    case 'text':
      return cb.text?.content ?? '';
    case 'voice':
      return cb.voice?.content ?? ''; // voice arrives already transcribed (100719)
    case 'mixed':
      return (cb.mixed?.msg_item ?? [])
        .filter((i) => i.msgtype === 'text')
        .map((i) => i.text?.content ?? '')
        .join('\n');
    default:
      return ''; // image / file / video: no text; the core answers with its help
  }
}
