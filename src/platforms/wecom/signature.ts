import { createHash } from 'node:crypto';
import { safeEqual } from '../shared/safe-equal.js';

/**
 * WeCom callback signature (101033): sha1 hex of token, timestamp, nonce and the ciphertext, sorted as
 * strings and concatenated. Used for URL verification (over echostr), message callbacks (over `encrypt`)
 * and our passive replies (`msgsignature`).
 */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const hash = createHash('sha1');
  for (const part of [token, timestamp, nonce, encrypt].sort()) hash.update(part);
  return hash.digest('hex');
}

/**
 * Pure check, constant-time. There is deliberately no timestamp-age rule: the official algorithm has
 * none and WeCom's clock is not ours (design §9); a replayed callback is absorbed by msgid dedupe for as long as
 * messages are kept (RETENTION_DAYS.inboundMessages, 180 days). A capture replayed after that would act again.
 */
export function verifyWecomSignature(input: {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  signature: string;
}): boolean {
  const expected = wecomSignature(input.token, input.timestamp, input.nonce, input.encrypt);
  return safeEqual(expected, input.signature.toLowerCase());
}
