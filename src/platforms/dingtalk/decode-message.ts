import { incomingMessage, type IncomingMessage } from '../../core/message.js';
import { stripMention } from '../../core/strip-mention.js';
import { collectText } from '../shared/collect-text.js';
import type { DingtalkRobotMessage } from './robot-message-types.js';

export type DecodedDingtalkMessage =
  | { ok: true; message: IncomingMessage; sessionWebhook?: string; sessionWebhookExpiresAt?: number; senderStaffId?: string }
  | { ok: false; reason: string };

/** Normalises a robot callback body (HTTP or Stream `data`) into an IncomingMessage. */
export function decodeDingtalkMessage(value: unknown, receivedAt: Date): DecodedDingtalkMessage {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not an object' };
  const m = value as Partial<DingtalkRobotMessage>;
  if (typeof m.msgId !== 'string' || !m.msgId) return { ok: false, reason: 'msgId missing' };
  if (typeof m.conversationId !== 'string' || !m.conversationId) return { ok: false, reason: 'conversationId missing' };
  // senderStaffId is the userid the directory knows; senderId (encrypted) only when the staff id is absent.
  const senderId = str(m.senderStaffId) ?? str(m.senderId);
  if (!senderId) return { ok: false, reason: 'sender missing' };
  const group = m.conversationType === '2';
  const raw = messageText(m);
  const message = incomingMessage({
    platform: 'dingtalk',
    messageId: m.msgId,
    chatId: m.conversationId,
    chatType: group ? 'group' : 'single',
    chatName: str(m.conversationTitle),
    senderId,
    senderName: str(m.senderNick),
    // DingTalk removes the @bot itself, leaving a leading space (§2b); a leftover leading @ is removed too.
    text: group ? stripMention(raw) : raw.trim(),
    quotedText: quotedText(m),
    mentionsBot: group ? m.isInAtList !== false : true,
    receivedAt,
  });
  return {
    ok: true,
    message,
    sessionWebhook: str(m.sessionWebhook),
    sessionWebhookExpiresAt: typeof m.sessionWebhookExpiredTime === 'number' ? m.sessionWebhookExpiredTime : undefined,
    senderStaffId: str(m.senderStaffId),
  };
}

function messageText(m: Partial<DingtalkRobotMessage>): string {
  // A content that is not a string (never seen from DingTalk, but the body is not signed) reads as no text.
  if (m.msgtype === undefined || m.msgtype === 'text') return str(m.text?.content) ?? '';
  // richText / audio (recognition) / others: whatever readable text the content holds.
  return collectText(m.content).join('\n');
}

/**
 * Text of the message the user replied to. Undocumented and variable (§3, §7.6): text → content.content
 * (or content.text), markdown → content.text, richText → content.richText[], interactiveCard → a nested
 * tree or nothing. All string leaves are collected; a reply whose content is missing gives "" so the core
 * still knows it was a reply and can ask for the task code.
 */
function quotedText(m: Partial<DingtalkRobotMessage>): string | undefined {
  const t = m.text;
  if (!t || typeof t !== 'object' || (!t.isReplyMsg && !t.repliedMsg)) return undefined;
  return collectText(t.repliedMsg?.content).join('\n');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
