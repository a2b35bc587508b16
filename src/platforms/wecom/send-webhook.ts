import { hasOrigin, joinUrl } from '../shared/same-origin.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import { refused, sent, type SendResult, withoutErrcode } from '../shared/send-result.js';
import { nodeFetch } from '../shared/node-fetch.js';

/** text content limit of the 消息推送 webhook, UTF-8 bytes (99110). */
export const WEBHOOK_TEXT_MAX_BYTES = 2048;

/** Each group robot accepts 20 messages per minute (99110); 45009 means "wait for the window". */
export const WEBHOOK_RATE_LIMIT = { messages: 20, windowMs: 60_000 } as const;

/** WeCom global error codes this sender branches on (90455; the webhook's own use of them is UNCONFIRMED, §7.1). */
export const WECOM_ERRCODE = { busy: -1, rateLimited: 45009, invalidKey: 93000, invalidMsgType: 40008 } as const;

export interface WecomWebhookText {
  /** The group's webhook: the full URL from the directory (…/cgi-bin/webhook/send?key=…) or the bare key. */
  webhook: string;
  /** Reminder text; send it as text so a quote of it carries the task code (platforms.md §3). */
  content: string;
  /** Members to @ by mobile number (when the userid is unknown) — "@all" for everyone. */
  mentionedMobiles?: string[];
  /** Members to @ by userid. */
  mentionedUserIds?: string[];
}

/**
 * Pushes a text message into a group through its 消息推送 webhook:
 * `POST {WECOM_API_BASE}/cgi-bin/webhook/send?key=…`. Never throws; never logs the key.
 */
export async function sendWecomWebhookText(
  apiBase: string,
  msg: WecomWebhookText,
  fetchFn: Fetch = nodeFetch,
): Promise<SendResult> {
  const key = webhookKey(msg.webhook, apiBase);
  if (!key) return refused('origin', '企业微信推送地址不在 WECOM_API_BASE 的域名下，或缺少 key，未发送');
  if (Buffer.byteLength(msg.content) > WEBHOOK_TEXT_MAX_BYTES) {
    return refused('too_long', `文本超过 ${WEBHOOK_TEXT_MAX_BYTES} 字节，请先拆分`);
  }
  const url = joinUrl(apiBase, '/cgi-bin/webhook/send');
  url.searchParams.set('key', key);
  const text: Record<string, unknown> = { content: msg.content };
  if (msg.mentionedUserIds?.length) text.mentioned_list = msg.mentionedUserIds;
  if (msg.mentionedMobiles?.length) text.mentioned_mobile_list = msg.mentionedMobiles;
  const res = await postJson(fetchFn, url, { msgtype: 'text', text });
  if (isNetworkFailure(res)) return res;
  return wecomResult(res.status, res.body);
}

/** The key from a full webhook URL on the configured origin, or a bare key; undefined if neither. */
export function webhookKey(webhook: string, apiBase: string): string | undefined {
  if (!/^https?:\/\//i.test(webhook)) return webhook.trim() || undefined;
  if (!hasOrigin(webhook, apiBase)) return undefined;
  return new URL(webhook).searchParams.get('key') || undefined;
}

/** Branches on errcode only, never on errmsg (90455). */
export function wecomResult(status: number, body: unknown): SendResult {
  const b = (body ?? {}) as { errcode?: unknown; errmsg?: unknown };
  const errmsg = typeof b.errmsg === 'string' ? b.errmsg : '';
  if (typeof b.errcode !== 'number') {
    return withoutErrcode(status, errmsg);
  }
  if (b.errcode === 0) return sent();
  if (b.errcode === WECOM_ERRCODE.rateLimited) {
    return { ok: false, kind: 'rate_limited', errcode: b.errcode, errmsg, retryAfterMs: WEBHOOK_RATE_LIMIT.windowMs };
  }
  // Codes that say the request itself is wrong (the key, the message) fail the same way every time. Any other code
  // (busy, or one the webhook's documentation does not list) is tried again, within the outbox's attempt limit.
  return { ok: false, kind: 'platform', errcode: b.errcode, errmsg, status, retryable: !PERMANENT.has(b.errcode) };
}

/** Errcodes a retry cannot fix: invalid key (93000), invalid message type (40008), content too long (40058). */
const PERMANENT = new Set<number>([WECOM_ERRCODE.invalidKey, WECOM_ERRCODE.invalidMsgType, 40_058]);
