import { hasOrigin, joinUrl } from '../shared/same-origin.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import { refused, type SendResult } from '../shared/send-result.js';
import { robotResult } from './robot-result.js';
import { dingtalkSign } from './verify-signature.js';
import { nodeFetch } from '../shared/node-fetch.js';

export interface DingtalkRobotPush {
  /** The group's custom robot: full URL from the directory (…/robot/send?access_token=…) or the bare token. */
  webhook: string;
  /** The robot's 加签 secret (SEC…), when its security setting uses signing. */
  secret?: string;
  msgtype: 'text' | 'markdown';
  content: string;
  /** markdown only: what the chat list shows. */
  title?: string;
  /** Members to @ by mobile or userid, or everyone. */
  at?: { mobiles?: string[]; userIds?: string[]; all?: boolean };
}

/**
 * Pushes into a group through its custom robot (platforms.md §2a):
 * `POST {DINGTALK_OAPI_BASE}/robot/send?access_token=…[&timestamp=…&sign=…]`. A member is only
 * highlighted when "@mobile"/"@userid" also appears in the text, so missing ones are appended.
 * Never throws; never logs the token or secret.
 */
export async function sendDingtalkRobot(
  oapiBase: string,
  msg: DingtalkRobotPush,
  deps: { fetch?: Fetch; now?: () => Date } = {},
): Promise<SendResult> {
  const token = robotToken(msg.webhook, oapiBase);
  if (!token) return refused('origin', '钉钉机器人地址不在 DINGTALK_OAPI_BASE 的域名下，或缺少 access_token，未发送');
  const url = joinUrl(oapiBase, '/robot/send');
  url.searchParams.set('access_token', token);
  if (msg.secret) {
    const timestamp = String((deps.now ?? (() => new Date()))().getTime());
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('sign', dingtalkSign(timestamp, msg.secret)); // URLSearchParams URL-encodes it
  }
  const mentions = [...(msg.at?.mobiles ?? []), ...(msg.at?.userIds ?? [])].filter((m) => !msg.content.includes(`@${m}`));
  const content = mentions.length ? `${msg.content}\n${mentions.map((m) => `@${m}`).join(' ')}` : msg.content;
  const at = msg.at && { atMobiles: msg.at.mobiles ?? [], atUserIds: msg.at.userIds ?? [], isAtAll: msg.at.all === true };
  const payload =
    msg.msgtype === 'text'
      ? { msgtype: 'text', text: { content }, ...(at ? { at } : {}) }
      : { msgtype: 'markdown', markdown: { title: msg.title ?? content.slice(0, 30), text: content }, ...(at ? { at } : {}) };
  const res = await postJson(deps.fetch ?? nodeFetch, url, payload);
  if (isNetworkFailure(res)) return res;
  return robotResult(res.status, res.body);
}

/** The access token from a full robot URL on the configured origin, or a bare token. */
export function robotToken(webhook: string, oapiBase: string): string | undefined {
  if (!/^https?:\/\//i.test(webhook)) return webhook.trim() || undefined;
  if (!hasOrigin(webhook, oapiBase)) return undefined;
  return new URL(webhook).searchParams.get('access_token') || undefined;
}
