import { sent, type SendResult, withoutErrcode } from '../shared/send-result.js';

/** Custom robot and sessionWebhook answer `{errcode, errmsg}` (platforms.md §2a). */
export const DINGTALK_ERRCODE = {
  busy: -1,
  /** More than 20 messages in a minute: the robot is blocked for 10 minutes. */
  rateLimited: 130101,
  /** Security check failed: sign not match, keyword missing, IP not allowed, stale timestamp. */
  securityFailed: 310000,
} as const;

/** 20 messages/minute per robot; exceeding it blocks the robot for 10 minutes (§2a, official text). */
export const ROBOT_RATE_LIMIT = { messages: 20, windowMs: 60_000, blockMs: 10 * 60_000 } as const;

/** Branches on errcode only; errmsg is passed through for the log (its wording is UNCONFIRMED, §7.7). */
export function robotResult(status: number, body: unknown): SendResult {
  const b = (body ?? {}) as { errcode?: unknown; errmsg?: unknown };
  const errmsg = typeof b.errmsg === 'string' ? b.errmsg : '';
  if (typeof b.errcode !== 'number') {
    return withoutErrcode(status, errmsg);
  }
  if (b.errcode === 0) return sent();
  if (b.errcode === DINGTALK_ERRCODE.rateLimited) {
    return { ok: false, kind: 'rate_limited', errcode: b.errcode, errmsg, retryAfterMs: ROBOT_RATE_LIMIT.blockMs };
  }
  return { ok: false, kind: 'platform', errcode: b.errcode, errmsg, status, retryable: b.errcode === DINGTALK_ERRCODE.busy };
}
