import { joinUrl } from '../shared/same-origin.js';
import { isNetworkFailure, postJson, type Fetch } from '../shared/post-json.js';
import type { SendFailure } from '../shared/send-result.js';

/** Refresh this long before the stated expiry, so a token never dies in flight (§2b: ~5 min early). */
export const TOKEN_EARLY_REFRESH_MS = 5 * 60_000;

export interface AccessTokenSource {
  /** A valid token, cached until shortly before expiry; concurrent callers share one request. */
  get(): Promise<{ ok: true; token: string } | SendFailure>;
  /** Forget the cached token (after a 401). */
  invalidate(): void;
}

/**
 * OpenAPI token: `POST {DINGTALK_API_BASE}/v1.0/oauth2/accessToken {appKey, appSecret}` →
 * `{accessToken, expireIn}` (seconds). The legacy oapi gettoken is avoided on purpose (§7.8).
 */
export function createAccessTokenSource(opts: {
  apiBase: string;
  appKey: string;
  appSecret: string;
  fetch: Fetch;
  now: () => Date;
}): AccessTokenSource {
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<{ ok: true; token: string } | SendFailure> | undefined;

  async function fetchToken(): Promise<{ ok: true; token: string } | SendFailure> {
    const res = await postJson(opts.fetch, joinUrl(opts.apiBase, '/v1.0/oauth2/accessToken'), {
      appKey: opts.appKey,
      appSecret: opts.appSecret,
    });
    if (isNetworkFailure(res)) return res;
    const body = (res.body ?? {}) as { accessToken?: unknown; expireIn?: unknown; code?: unknown; message?: unknown };
    if (res.status !== 200 || typeof body.accessToken !== 'string' || !body.accessToken) {
      return {
        ok: false,
        kind: 'platform',
        errcode: typeof body.code === 'string' ? body.code : res.status,
        errmsg: `获取钉钉 accessToken 失败：${typeof body.message === 'string' ? body.message : res.status}`,
        status: res.status,
        retryable: res.status >= 500,
      };
    }
    const ttlMs = (typeof body.expireIn === 'number' ? body.expireIn : 7200) * 1000;
    cached = { token: body.accessToken, refreshAt: opts.now().getTime() + ttlMs - TOKEN_EARLY_REFRESH_MS };
    return { ok: true, token: body.accessToken };
  }

  return {
    async get() {
      if (cached && opts.now().getTime() < cached.refreshAt) return { ok: true, token: cached.token };
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
