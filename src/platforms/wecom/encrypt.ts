import { createCipheriv } from 'node:crypto';
import { pooledRandomBytes } from '../shared/random-pool.js';
import { parseEncodingAesKey, WECOM_PAD_BLOCK } from './aes-key.js';

/**
 * Encrypts a passive reply (101033): random(16) ‖ uint32be(len(msg)) ‖ msg ‖ receiveId, PKCS#7-padded
 * to 32, AES-256-CBC, base64. `random` is injectable only so tests can reproduce the §6.1 vectors.
 */
export function wecomEncrypt(
  encodingAesKey: string,
  message: string,
  receiveId: string,
  random: Buffer = pooledRandomBytes(16),
): string {
  const { key, iv } = parseEncodingAesKey(encodingAesKey);
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = WECOM_PAD_BLOCK - (plain.length % WECOM_PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
