import type { Config } from '../../../config/index.js';
import type { OutboundPush, PlatformSender } from '../../outbox/senders.js';
import type { Fetch } from '../shared/post-json.js';
import { toOutboxResult } from '../shared/to-outbox-result.js';
import { sendWecomWebhookText } from './send-webhook.js';
import type { WecomWebsocketAdapter } from './websocket-adapter.js';

/**
 * The outbox worker's WeCom sender. A chat with a 消息推送 webhook gets the reminder as text (so a
 * quote of it carries the task code, platforms.md §3), @-ing by userid and mobile. Without one, and in
 * long-connection mode, it goes through `aibot_send_msg` as markdown (the only text-like type there).
 */
export function createWecomOutboxSender(opts: { config: Config; fetch?: Fetch; websocket?: WecomWebsocketAdapter }): PlatformSender {
  return async (push: OutboundPush) => {
    const text = String(push.payload.text ?? '');
    const mentions = (push.payload.mentions ?? {}) as { userIds?: string[]; mobiles?: string[] };
    const webhook = push.target?.webhook ?? push.target?.url;
    if (webhook) {
      const r = await sendWecomWebhookText(opts.config.WECOM_API_BASE, {
        webhook, content: text, mentionedUserIds: mentions.userIds, mentionedMobiles: mentions.mobiles,
      }, opts.fetch);
      return toOutboxResult('企业微信', r);
    }
    const chatId = String(push.payload.chatExternalId ?? '');
    if (opts.websocket && chatId) return toOutboxResult('企业微信', await opts.websocket.sendMarkdown(chatId, text));
    return { ok: false, retryable: false, error: '该企业微信群未配置消息推送地址（通讯录 push.webhook），无法发送提醒' };
  };
}
