import { createHmac, randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

/**
 * Client side of the platforms, for tests: builds callbacks the way WeCom and DingTalk sign them.
 * WeCom envelopes use the official @wecom/crypto package, not our implementation, so a passing test
 * means the two interoperate (platforms.md §6.1).
 */
export const WECOM_TEST = {
  token: 'TestToken',
  encodingAesKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
} as const;

export function wecomEnvelope(
  plain: object | string,
  o: { token?: string; key?: string; receiveId?: string; timestamp?: string; nonce?: string } = {},
) {
  const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomBytes(6).toString('hex');
  const enc = encrypt(o.key ?? WECOM_TEST.encodingAesKey, typeof plain === 'string' ? plain : JSON.stringify(plain), o.receiveId ?? '');
  const signature = getSignature(o.token ?? WECOM_TEST.token, timestamp, nonce, enc);
  const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString();
  return { query, body: { encrypt: enc }, encrypt: enc, signature, timestamp, nonce };
}

export const DINGTALK_TEST = { appSecret: 'testAppSecret', robotSecret: 'SECtestsecret' } as const;

/** The `timestamp` + `sign` headers of an HTTP-mode robot callback. */
export function dingtalkHeaders(timestampMs: number, appSecret: string = DINGTALK_TEST.appSecret) {
  const timestamp = String(timestampMs);
  const sign = createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
  return { timestamp, sign };
}
