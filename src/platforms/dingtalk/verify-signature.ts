import { createHmac } from 'node:crypto';
import { safeEqual } from '../shared/safe-equal.js';

/** A callback's timestamp may be at most one hour off our clock, either way (platforms.md §2b). */
export const SIGNATURE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)). The same formula signs inbound
 * HTTP callbacks (secret = AppSecret, sign sent as-is in a header) and outbound custom-robot calls
 * (secret = the SEC… string, sign URL-encoded in the query).
 */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export type SignatureCheck = { ok: true } | { ok: false; code: 'MISSING_SIGNATURE' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' };

/**
 * Verifies the `timestamp` and `sign` headers of an HTTP-mode robot callback. Pure: the clock is a
 * parameter. The signature covers the timestamp only, not the body (DingTalk's design): a replayed request is
 * absorbed by msgId dedupe (in the handler), but whoever captured one header pair could post a body of their own
 * with it within the hour. Refusing a pair seen before would also refuse two real callbacks signed in the same
 * millisecond, so it is not done: the callback URL must be HTTPS and its headers kept out of proxy logs (README),
 * and Stream mode, which has no public endpoint, avoids the question.
 */
export function verifyDingtalkSignature(input: {
  timestamp: string | undefined;
  sign: string | undefined;
  appSecret: string;
  now: Date;
}): SignatureCheck {
  const { timestamp, sign } = input;
  if (!timestamp || !sign || !input.appSecret) return { ok: false, code: 'MISSING_SIGNATURE' };
  if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, code: 'STALE_TIMESTAMP' };
  if (Math.abs(input.now.getTime() - Number(timestamp)) > SIGNATURE_WINDOW_MS) return { ok: false, code: 'STALE_TIMESTAMP' };
  if (!safeEqual(dingtalkSign(timestamp, input.appSecret), sign)) return { ok: false, code: 'BAD_SIGNATURE' };
  return { ok: true };
}
