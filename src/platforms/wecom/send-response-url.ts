import { hasOrigin } from '../shared/same-origin.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import { refused, sent, type SendResult } from '../shared/send-result.js';
import { STREAM_MAX_BYTES } from './passive-reply.js';

/**
 * Asynchronous answer to a callback through its one-shot `response_url` (101138): plain JSON, not
 * encrypted, markdown ≤ 20480 bytes, one call per URL within 1 hour. Used when the handler misses the
 * passive-reply deadline. The URL must be on WECOM_API_BASE's origin (design §9).
 */
export async function sendToResponseUrl(opts: {
  responseUrl: string;
  apiBase: string;
  markdown: string;
  fetch: Fetch;
}): Promise<SendResult> {
  if (!hasOrigin(opts.responseUrl, opts.apiBase)) {
    return refused('origin', 'response_url 不在 WECOM_API_BASE 的域名下，未发送');
  }
  if (Buffer.byteLength(opts.markdown) > STREAM_MAX_BYTES) return refused('too_long', '内容超过 20480 字节');
  const res = await postJson(opts.fetch, opts.responseUrl, { msgtype: 'markdown', markdown: { content: opts.markdown } });
  if (isNetworkFailure(res)) return res;
  // Response body is UNCONFIRMED (§7.4); assume WeCom's usual {errcode, errmsg}, and treat a 2xx without
  // an errcode as success.
  const body = (res.body ?? {}) as { errcode?: number; errmsg?: string };
  const errcode = typeof body.errcode === 'number' ? body.errcode : res.status >= 200 && res.status < 300 ? 0 : res.status;
  if (errcode === 0) return sent();
  return { ok: false, kind: 'platform', errcode, errmsg: String(body.errmsg ?? ''), status: res.status, retryable: false };
}
