import { createDecipheriv, type Decipher } from 'node:crypto';

/** The 43-character EncodingAESKey is base64 without its trailing "=" (101033). */
export interface WecomAesKey {
  key: Buffer;
  /** The IV is the first 16 bytes of the key itself. */
  iv: Buffer;
  /**
   * AES-256 block decryption with this key, kept for the life of the process (ECB, no padding, never finalised):
   * CBC decryption is each block decrypted alone, then XORed with the block before it (wecomDecrypt), so one
   * decipher serves every callback instead of a new OpenSSL context per callback.
   */
  blocks: Decipher;
}

const cache = new Map<string, WecomAesKey>();

export function parseEncodingAesKey(encodingAesKey: string): WecomAesKey {
  const hit = cache.get(encodingAesKey);
  if (hit) return hit;
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new Error('EncodingAESKey must be 43 base64 characters');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('EncodingAESKey must decode to 32 bytes');
  const blocks = createDecipheriv('aes-256-ecb', key, null);
  blocks.setAutoPadding(false);
  const parsed = { key, iv: key.subarray(0, 16), blocks };
  cache.set(encodingAesKey, parsed);
  return parsed;
}

/** WeCom pads PKCS#7 to a multiple of 32 bytes, not AES's 16 (101033), so OpenSSL's padding is off. */
export const WECOM_PAD_BLOCK = 32;
