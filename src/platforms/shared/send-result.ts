/**
 * Outcome of one outbound message (push or reply). The outbox worker branches on `kind`:
 * - `sent`: delivered (the platform said ok).
 * - `rate_limited`: the platform refused because of its per-robot limit; retry after `retryAfterMs`
 *   (WeCom 45009: the 60 s window; DingTalk 130101: the 10-minute block). Never counts as a failure.
 * - `platform`: the platform answered with an error code; `retryable` says whether trying again can help
 *   (system busy, 5xx) or not (bad key, bad signature, unknown group).
 * - `network`: no answer (DNS, refused, reset, timeout); worth retrying with backoff.
 * - `refused`: nothing was sent because the request would be wrong (URL outside the configured base,
 *   content over the platform's size limit, missing setting).
 */
export type SendResult =
  | { ok: true; kind: 'sent'; /** DingTalk OpenAPI processQueryKey, when the platform gives one. */ id?: string }
  | { ok: false; kind: 'rate_limited'; errcode: number | string; errmsg: string; retryAfterMs: number }
  | { ok: false; kind: 'platform'; errcode: number | string; errmsg: string; status: number; retryable: boolean }
  | { ok: false; kind: 'network'; message: string; retryable: true }
  | { ok: false; kind: 'refused'; reason: RefusalReason; message: string; retryable: false };

export type RefusalReason = 'origin' | 'too_long' | 'not_configured' | 'expired';

export type SendFailure = Extract<SendResult, { ok: false }>;

export const sent = (id?: string): SendResult => (id === undefined ? { ok: true, kind: 'sent' } : { ok: true, kind: 'sent', id });

export const refused = (reason: RefusalReason, message: string): SendResult =>
  ({ ok: false, kind: 'refused', reason, message, retryable: false });

/**
 * An HTTP answer without an errcode: not the platform's JSON but, say, a proxy's or gateway's page. A 2xx or 5xx
 * such page is passing trouble on the way and is tried again; a 4xx (wrong address) is not.
 */
export const withoutErrcode = (status: number, errmsg: string): SendResult => ({
  ok: false, kind: 'platform', errcode: `HTTP ${status}`, errmsg: errmsg || '应答不是平台的格式（可能是代理或网关返回的页面）', status,
  retryable: status >= 500 || (status >= 200 && status < 300),
});

export const networkError = (err: unknown): SendResult => {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const detail = e?.cause?.code ?? e?.cause?.message ?? e?.code ?? e?.name ?? 'error';
  return { ok: false, kind: 'network', message: `${e?.message ?? String(err)} (${detail})`, retryable: true };
};
