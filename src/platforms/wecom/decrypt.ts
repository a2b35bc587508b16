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
function isBase64Of(data: Buffer, text: string): boolean {
  const canonical = data.toString('base64');
  return canonical === text || canonical.replace(/=+$/, '') === text;
}

export function wecomDecrypt(encodingAesKey: string, encrypted: string, expectedReceiveId = ''): WecomPlaintext {
  const { iv, blocks } = parseEncodingAesKey(encodingAesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WebhookRejection('DECRYPT_FAILED', 'bad length');
  // Node's decoder skips what is not base64: the text must be exactly the encoding of what was decoded (its
  // closing "=" may be left out).
  if (!isBase64Of(data, encrypted)) throw new WebhookRejection('DECRYPT_FAILED', 'not base64');
  // AES-256-CBC: each block decrypted alone (whole blocks, so the decipher holds nothing back), then XORed with the
  // ciphertext block before it, the IV before the first.
  let plain: Buffer;
  try {
    plain = blocks.update(data);
  } catch {
    throw new WebhookRejection('DECRYPT_FAILED', 'cipher');
  }
  if (plain.length !== data.length) throw new WebhookRejection('DECRYPT_FAILED', 'cipher');
  for (let i = 0; i < 16; i++) plain[i]! ^= iv[i]!;
  for (let i = 16; i < plain.length; i++) plain[i]! ^= data[i - 16]!;
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > WECOM_PAD_BLOCK || pad > plain.length) throw new WebhookRejection('DECRYPT_FAILED', 'padding');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new WebhookRejection('DECRYPT_FAILED', 'padding');
  }
  const end = plain.length - pad;
  if (end < 20) throw new WebhookRejection('DECRYPT_FAILED', 'too short');
  const len = plain.readUInt32BE(16);
  if (20 + len > end) throw new WebhookRejection('DECRYPT_FAILED', 'length field');
  const message = plain.toString('utf8', 20, 20 + len);
  const receiveId = plain.toString('utf8', 20 + len, end);
  if (expectedReceiveId && receiveId !== expectedReceiveId) throw new WebhookRejection('RECEIVE_ID_MISMATCH');
  return { message, receiveId };
}
