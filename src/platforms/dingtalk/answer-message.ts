import type { Reply } from '../../core/reply.js';
import type { Fetch } from '../shared/post-json.js';
import { describeUrl, type PlatformLogger } from '../shared/logger.js';
import type { SendResult } from '../shared/send-result.js';
import type { DecodedDingtalkMessage } from './decode-message.js';
import { renderDingtalkMarkdown } from './render-reply.js';
import { sendSessionWebhook } from './send-session-webhook.js';

/**
 * Sends a handler's answer back into the conversation through the callback's sessionWebhook, one
 * markdown message per chunk, @-ing the sender in groups. Shared by the HTTP and Stream transports.
 */
export async function answerMessage(
  decoded: Extract<DecodedDingtalkMessage, { ok: true }>,
  answer: Reply,
  ctx: { oapiBase: string; fetch: Fetch; now: () => Date; log: PlatformLogger },
): Promise<SendResult[]> {
  const { message, sessionWebhook } = decoded;
  const logFields = { platform: 'dingtalk', messageId: message.messageId, chatId: message.chatId };
  if (!sessionWebhook) {
    ctx.log.warn(logFields, 'dingtalk answer dropped: callback had no sessionWebhook');
    return [];
  }
  const at = message.chatType === 'group' && decoded.senderStaffId
    ? { atUserIds: [decoded.senderStaffId], isAtAll: false }
    : undefined;
  const results: SendResult[] = [];
  for (const payload of renderDingtalkMarkdown(answer, at)) {
    const result = await sendSessionWebhook({
      sessionWebhook,
      expiresAt: decoded.sessionWebhookExpiresAt,
      oapiBase: ctx.oapiBase,
      payload,
      fetch: ctx.fetch,
      now: ctx.now(),
    });
    results.push(result);
    if (!result.ok) {
      ctx.log.warn({ ...logFields, url: describeUrl(sessionWebhook), result }, 'dingtalk sessionWebhook send failed');
      break;
    }
  }
  return results;
}
