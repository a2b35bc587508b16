import { createDecipheriv } from 'node:crypto';
import { parseEncodingAesKey, WECOM_PAD_BLOCK } from './aes-key.js';
import { WebhookRejection } from '../shared/rejection.js';

export interface WecomPlaintext {
  message: string;
  receiveId: string;
}

/**
 * Decrypts a WeCom ciphertext (echostr or `encrypt`), strictly: base64 that decodes to whole AES blocks,
 * a PKCS#7 pad of 1..32 identical bytes, a length field that fits. (@wecom/crypto skips the last two
 * checks and would return garbage; this is why the project carries its own 40 lines.)
 *
 * `expectedReceiveId`: checked when non-empty (design §9). An intelligent bot's receiveid is "" (101033),
 * so the default configuration accepts whatever arrives.
 */
export function wecomDecrypt(encodingAesKey: string, encrypted: string, expectedReceiveId = ''): WecomPlaintext {
  const { key, iv } = parseEncodingAesKey(encodingAesKey);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new WebhookRejection('DECRYPT_FAILED', 'not base64');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WebhookRejection('DECRYPT_FAILED', 'bad length');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new WebhookRejection('DECRYPT_FAILED', 'cipher');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > WECOM_PAD_BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new WebhookRejection('DECRYPT_FAILED', 'padding');
  }
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new WebhookRejection('DECRYPT_FAILED', 'too short');
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) throw new WebhookRejection('DECRYPT_FAILED', 'length field');
  const message = body.subarray(20, 20 + len).toString('utf8');
  const receiveId = body.subarray(20 + len).toString('utf8');
  if (expectedReceiveId && receiveId !== expectedReceiveId) throw new WebhookRejection('RECEIVE_ID_MISMATCH');
  return { message, receiveId };
}
