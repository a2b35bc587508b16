import type { Config } from '../../../config/index.js';
import type { OutboundPush, PlatformSender } from '../../outbox/senders.js';
import type { Fetch } from '../shared/post-json.js';
import { toOutboxResult } from '../shared/to-outbox-result.js';
import { createDingtalkGroupSender } from './send-group-message.js';
import { sendDingtalkRobot } from './send-robot.js';

/**
 * The outbox worker's DingTalk sender. A chat with a custom robot (`push.webhook` + optional `secret`)
 * gets text with @s; otherwise the OpenAPI robot sends to `push.openConversationId`, or to the chat's
 * own conversationId (which works as openConversationId in practice, §2b), without @s.
 */
export function createDingtalkOutboxSender(opts: { config: Config; fetch?: Fetch; now?: () => Date }): PlatformSender {
  const group = createDingtalkGroupSender(opts);
  return async (push: OutboundPush) => {
    const text = String(push.payload.text ?? '');
    const mentions = (push.payload.mentions ?? {}) as { userIds?: string[]; mobiles?: string[] };
    const webhook = push.target?.webhook ?? push.target?.url;
    if (webhook) {
      const r = await sendDingtalkRobot(opts.config.DINGTALK_OAPI_BASE, {
        webhook, secret: push.target?.secret, msgtype: 'text', content: text,
        at: { userIds: mentions.userIds ?? [], mobiles: mentions.mobiles ?? [] },
      }, opts);
      return toOutboxResult('钉钉', r);
    }
    const conversation = push.target?.openConversationId ?? String(push.payload.chatExternalId ?? '');
    if (!conversation) return { ok: false, retryable: false, error: '该钉钉群未配置机器人推送地址，无法发送提醒' };
    return toOutboxResult('钉钉', await group.sendText(conversation, text));
  };
}
