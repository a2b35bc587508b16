import { LIMITS, renderReply } from '../../core/render-reply.js';
import { replyText, type Reply } from '../../core/reply.js';

export interface DingtalkMarkdown {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at?: { atUserIds?: string[]; atMobiles?: string[]; isAtAll?: boolean };
}

/**
 * One markdown message per part (the core's renderer: ≤ 5000 bytes each, at most 3 parts, lines kept
 * whole). `title` is what the chat list and the notification show. An @ goes with the first part only (one
 * notification per answer), written into its text as well: DingTalk shows an @ only when the text holds
 * `@userid` too (platforms.md §2a).
 */
export function renderDingtalkMarkdown(reply: Reply, at?: DingtalkMarkdown['at']): DingtalkMarkdown[] {
  const title = (reply.title ?? replyText(reply).split('\n').find((l) => l.trim()) ?? '工会计划助手').slice(0, 30);
  const mention = [...(at?.atUserIds ?? []), ...(at?.atMobiles ?? [])].map((id) => `@${id}`).join(' ');
  const tail = mention ? `\n\n${mention}` : '';
  const parts = renderReply(reply, { format: 'markdown', maxBytes: LIMITS.dingtalkMarkdown - Buffer.byteLength(tail) });
  return parts.map((text, i): DingtalkMarkdown => (i === 0 && at
    ? { msgtype: 'markdown', markdown: { title, text: `${text}${tail}` }, at }
    : { msgtype: 'markdown', markdown: { title, text } }));
}
