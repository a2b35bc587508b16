import { hasOrigin } from '../shared/same-origin.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import { refused, type SendResult } from '../shared/send-result.js';
import { robotResult } from './robot-result.js';

/**
 * Answers a robot callback through its sessionWebhook (platforms.md §2b reply option 1). Refuses, with
 * nothing sent, when the URL is not on DINGTALK_OAPI_BASE's origin (design §9: the URL comes from the
 * request body, which the HTTP signature does not cover) or when it has expired (~90 min).
 */
export async function sendSessionWebhook(opts: {
  sessionWebhook: string;
  expiresAt?: number;
  oapiBase: string;
  payload: object;
  fetch: Fetch;
  now: Date;
}): Promise<SendResult> {
  if (!hasOrigin(opts.sessionWebhook, opts.oapiBase)) {
    return refused('origin', 'sessionWebhook 不在 DINGTALK_OAPI_BASE 的域名下，未发送');
  }
  if (opts.expiresAt !== undefined && opts.now.getTime() >= opts.expiresAt) {
    return refused('expired', 'sessionWebhook 已过期，未发送');
  }
  const res = await postJson(opts.fetch, opts.sessionWebhook, opts.payload);
  if (isNetworkFailure(res)) return res;
  return robotResult(res.status, res.body);
}
