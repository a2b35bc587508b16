import { LIMITS, renderReply } from '../../core/render-reply.js';
import { replyText, type Reply } from '../../core/reply.js';

export interface DingtalkMarkdown {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at?: { atUserIds?: string[]; atMobiles?: string[]; isAtAll?: boolean };
}

/**
 * One markdown message per part (the core's renderer: ≤ 5000 bytes each, at most 3 parts, lines kept
 * whole). `title` is what the chat list and the notification show.
 */
export function renderDingtalkMarkdown(reply: Reply, at?: DingtalkMarkdown['at']): DingtalkMarkdown[] {
  const title = (reply.title ?? replyText(reply).split('\n').find((l) => l.trim()) ?? '工会计划助手').slice(0, 30);
  return renderReply(reply, { format: 'markdown', maxBytes: LIMITS.dingtalkMarkdown }).map((text) => ({
    msgtype: 'markdown',
    markdown: { title, text },
    ...(at ? { at } : {}),
  }));
}
