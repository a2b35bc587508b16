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
  // One buffer, written in place: random ‖ length ‖ message ‖ receiveId ‖ padding.
  const msgBytes = Buffer.byteLength(message, 'utf8');
  const idBytes = Buffer.byteLength(receiveId, 'utf8');
  const size = 20 + msgBytes + idBytes;
  const pad = WECOM_PAD_BLOCK - (size % WECOM_PAD_BLOCK);
  const plain = Buffer.allocUnsafe(size + pad);
  random.copy(plain, 0, 0, 16);
  plain.writeUInt32BE(msgBytes, 16);
  plain.write(message, 20, 'utf8');
  plain.write(receiveId, 20 + msgBytes, 'utf8');
  plain.fill(pad, size);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  // Whole blocks: update() returns all of them and final() nothing, so base64 is taken of the one buffer.
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}
