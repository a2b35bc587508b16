import type { Config } from '../../../config/index.js';
import { joinUrl } from '../shared/same-origin.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import { refused, sent, type SendResult } from '../shared/send-result.js';
import { createAccessTokenSource } from './access-token.js';
import { nodeFetch } from '../shared/node-fetch.js';

export interface DingtalkGroupSender {
  /** msgKey sampleText. */
  sendText(openConversationId: string, content: string): Promise<SendResult>;
  /** msgKey sampleMarkdown. */
  sendMarkdown(openConversationId: string, title: string, text: string): Promise<SendResult>;
}

/** OpenAPI rate limit is UNCONFIRMED (§7.7); on HTTP 429 without Retry-After wait one minute. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Robot group messages through the OpenAPI (platforms.md §2b option 3):
 * `POST {DINGTALK_API_BASE}/v1.0/robot/groupMessages/send`, header x-acs-dingtalk-access-token.
 * No @-mentions on this path (use the custom robot for that). A 401 refreshes the token once and retries.
 */
export function createDingtalkGroupSender(opts: { config: Config; fetch?: Fetch; now?: () => Date }): DingtalkGroupSender {
  const { config } = opts;
  const fetchFn = opts.fetch ?? nodeFetch;
  const now = opts.now ?? (() => new Date());
  const robotCode = config.DINGTALK_ROBOT_CODE || config.DINGTALK_APP_KEY; // robotCode is the AppKey for internal apps
  const tokens = createAccessTokenSource({
    apiBase: config.DINGTALK_API_BASE,
    appKey: config.DINGTALK_APP_KEY,
    appSecret: config.DINGTALK_APP_SECRET,
    fetch: fetchFn,
    now,
  });

  async function send(openConversationId: string, msgKey: string, msgParam: object): Promise<SendResult> {
    if (!config.DINGTALK_APP_KEY || !config.DINGTALK_APP_SECRET) {
      return refused('not_configured', '未设置 DINGTALK_APP_KEY / DINGTALK_APP_SECRET，无法通过钉钉开放接口发送');
    }
    // msgParam is a JSON *string* (§2b).
    const body = { robotCode, openConversationId, msgKey, msgParam: JSON.stringify(msgParam) };
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      if (!token.ok) return token;
      const res = await postJson(fetchFn, joinUrl(config.DINGTALK_API_BASE, '/v1.0/robot/groupMessages/send'), body, {
        'x-acs-dingtalk-access-token': token.token,
      });
      if (isNetworkFailure(res)) return res;
      if (res.status === 401 && attempt === 0) {
        tokens.invalidate();
        continue;
      }
      return openApiResult(res.status, res.body, res.headers);
    }
  }

  return {
    sendText: (id, content) => send(id, 'sampleText', { content }),
    sendMarkdown: (id, title, text) => send(id, 'sampleMarkdown', { title, text }),
  };
}

/** Error body `{code, message, requestid}` (shape UNCONFIRMED, §7.7); success `{processQueryKey}`. */
export function openApiResult(status: number, body: unknown, headers?: { get(name: string): string | null }): SendResult {
  const b = (body ?? {}) as { processQueryKey?: unknown; code?: unknown; message?: unknown };
  if (status >= 200 && status < 300) return sent(typeof b.processQueryKey === 'string' ? b.processQueryKey : undefined);
  const errcode = typeof b.code === 'string' || typeof b.code === 'number' ? b.code : status;
  const errmsg = typeof b.message === 'string' ? b.message : '';
  if (status === 429) {
    const after = Number(headers?.get('retry-after'));
    return { ok: false, kind: 'rate_limited', errcode, errmsg, retryAfterMs: after > 0 ? after * 1000 : DEFAULT_RETRY_AFTER_MS };
  }
  return { ok: false, kind: 'platform', errcode, errmsg, status, retryable: status >= 500 };
}
