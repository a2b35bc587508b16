import type { Config } from '../../config/index.js';
import { robotToken } from '../platforms/dingtalk/send-robot.js';
import { webhookKey } from '../platforms/wecom/send-webhook.js';
import type { DirectoryFile } from './import-directory.js';

/** The keys a chat's `push` may have on each platform (`url` is the older name of `webhook`). */
const PUSH_KEYS: Record<string, string[]> = {
  wecom: ['webhook', 'url'],
  dingtalk: ['webhook', 'url', 'secret', 'openConversationId'],
  console: [],
};

/**
 * Problems with the chats' push settings that would only show when the first reminder is dead-lettered: a
 * webhook that is not the platform's robot address (the sender refuses it), a DingTalk 加签 secret that is not
 * one, a misspelt key. One Chinese line each, naming the chat.
 */
export function pushProblems(dir: DirectoryFile, config: Pick<Config, 'WECOM_API_BASE' | 'DINGTALK_OAPI_BASE'>): string[] {
  const problems: string[] = [];
  dir.chats.forEach((c, i) => {
    if (!c.push) return;
    const where = `chats 第 ${i + 1} 项${c.name ? `（${c.name}）` : ''}`;
    const allowed = PUSH_KEYS[c.platform] ?? [];
    const unknown = Object.keys(c.push).filter((k) => !allowed.includes(k));
    if (unknown.length) {
      problems.push(`${where}的 push 有不认识的字段 ${unknown.join('、')}（${c.platform} 群可用：${allowed.join('、') || '无'}）`);
    }
    const webhook = c.push.webhook ?? c.push.url;
    if (webhook && c.platform === 'wecom' && !webhookKey(webhook, config.WECOM_API_BASE)) {
      problems.push(`${where}的 push.webhook 不是企业微信群机器人的地址，应为 ${config.WECOM_API_BASE}/cgi-bin/webhook/send?key=…（见群机器人的“Webhook 地址”）`);
    }
    if (webhook && c.platform === 'dingtalk' && !robotToken(webhook, config.DINGTALK_OAPI_BASE)) {
      problems.push(`${where}的 push.webhook 不是钉钉自定义机器人的地址，应为 ${config.DINGTALK_OAPI_BASE}/robot/send?access_token=…`);
    }
    if (c.platform === 'dingtalk' && c.push.secret !== undefined && !/^SEC\S{6,}$/.test(c.push.secret)) {
      problems.push(`${where}的 push.secret 不是钉钉机器人“加签”的密钥（以 SEC 开头，复制机器人安全设置中的整串）`);
    }
  });
  return problems;
}
