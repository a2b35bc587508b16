import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decrypt as officialDecrypt, encrypt as officialEncrypt } from '@wecom/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wecomDecrypt } from '../../../src/platforms/wecom/decrypt.js';
import { wecomEncrypt } from '../../../src/platforms/wecom/encrypt.js';
import { verifyWecomSignature, wecomSignature } from '../../../src/platforms/wecom/signature.js';
import { safeEqual } from '../../../src/platforms/shared/safe-equal.js';
import { WECOM_TEST } from '../../fakes/sign-requests.js';
import { envelopeJson, sealReply } from '../../../src/platforms/wecom/passive-reply.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/platforms/wecom/${name}`, import.meta.url), 'utf8'));
const K = WECOM_TEST.encodingAesKey;
const { token } = WECOM_TEST;

/** AES-256-CBC over an exact plaintext we choose (to build broken padding / lengths deliberately). */
function rawCipher(plain: Buffer): string {
  const key = Buffer.from(`${K}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

describe('WeCom crypto against the platforms.md §6.1 vectors', () => {
  it('(a) URL verification: signature over echostr, plaintext 1234567890123456789', () => {
    const q = new URLSearchParams(fixture('url-verification.json').query);
    const echostr = q.get('echostr')!;
    expect(wecomSignature(token, '1700000000', 'nonce123', echostr)).toBe(q.get('msg_signature'));
    expect(wecomDecrypt(K, echostr)).toEqual({ message: '1234567890123456789', receiveId: '' });
  });

  it('(b) group command: signature, decryption, and byte-exact re-encryption with the fixed random', () => {
    const f = fixture('group-command.json');
    const q = new URLSearchParams(f.query);
    expect(verifyWecomSignature({ token, timestamp: '1700000000', nonce: 'nonce123', encrypt: f.body.encrypt, signature: q.get('msg_signature')! })).toBe(true);
    const { message } = wecomDecrypt(K, f.body.encrypt);
    expect(JSON.parse(message)).toEqual(f.plaintext);
    expect(wecomEncrypt(K, message, '', Buffer.from('0123456789abcdef'))).toBe(f.body.encrypt);
  });

  it('(b) reference passive reply: ciphertext and msgsignature', () => {
    const v = fixture('group-command.json').replyVector;
    const enc = wecomEncrypt(K, v.plaintext, '', Buffer.from(v.random));
    expect(enc).toBe(v.encrypt);
    expect(wecomSignature(token, v.timestamp, v.nonce, enc)).toBe(v.msgsignature);
  });

  it('interoperates with the official @wecom/crypto both ways, for any text and receiveid', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 20 }), (msg, rid) => {
        expect(officialDecrypt(K, wecomEncrypt(K, msg, rid))).toMatchObject({ message: msg, id: rid });
        expect(wecomDecrypt(K, officialEncrypt(K, msg, rid), rid)).toEqual({ message: msg, receiveId: rid });
      }),
      { numRuns: 200 },
    );
  });
});

describe('WeCom crypto rejects (one test per rule)', () => {
  it('a signature with one hex digit changed', () => {
    const f = fixture('group-command.json');
    const sig = new URLSearchParams(f.query).get('msg_signature')!;
    const forged = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
    expect(verifyWecomSignature({ token, timestamp: '1700000000', nonce: 'nonce123', encrypt: f.body.encrypt, signature: forged })).toBe(false);
  });

  it('a signature made with another token', () => {
    const f = fixture('group-command.json');
    const sig = wecomSignature('OtherToken', '1700000000', 'nonce123', f.body.encrypt);
    expect(verifyWecomSignature({ token, timestamp: '1700000000', nonce: 'nonce123', encrypt: f.body.encrypt, signature: sig })).toBe(false);
  });

  it('a receiveid different from the configured one', () => {
    const enc = wecomEncrypt(K, 'hello', 'wwCORP-A');
    expect(() => wecomDecrypt(K, enc, 'wwCORP-B')).toThrow(expect.objectContaining({ code: 'RECEIVE_ID_MISMATCH', status: 401 }));
    expect(wecomDecrypt(K, enc, 'wwCORP-A').message).toBe('hello');
    expect(wecomDecrypt(K, enc, '').receiveId).toBe('wwCORP-A'); // not configured: not checked
  });

  it('bad PKCS#7 padding (pad byte 0, pad byte 33, unequal pad bytes)', () => {
    const body = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 0, 2]), Buffer.from('hi')]); // 22 bytes
    const padded = (tail: number[]) => Buffer.concat([body, Buffer.alloc(32 - body.length - tail.length, 10), Buffer.from(tail)]);
    for (const tail of [[0], [33], [9, 10]]) {
      expect(() => wecomDecrypt(K, rawCipher(padded(tail)))).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    }
    expect(wecomDecrypt(K, rawCipher(Buffer.concat([body, Buffer.alloc(10, 10)]))).message).toBe('hi');
  });

  it('a length field longer than the plaintext', () => {
    const body = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 1, 0]), Buffer.from('hi')]);
    expect(() => wecomDecrypt(K, rawCipher(Buffer.concat([body, Buffer.alloc(10, 10)])))).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });

  it('text that is not base64 or not whole AES blocks', () => {
    expect(() => wecomDecrypt(K, 'not base64!')).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => wecomDecrypt(K, Buffer.alloc(20).toString('base64'))).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });

  it('the passive reply envelope as JSON: whatever the nonce, it parses back to the sealed envelope and decrypts', () => {
    const keys = { token, encodingAesKey: K, receiveId: '' };
    fc.assert(fc.property(fc.string(), fc.string(), (nonce, content) => {
      const env = sealReply(keys, { msgtype: 'stream', stream: { id: 's-1', finish: true, content } }, nonce, new Date(1_700_000_000_000));
      const parsed = JSON.parse(envelopeJson(env));
      expect(parsed).toEqual(env);
      expect(JSON.parse(officialDecrypt(K, parsed.encrypt).message).stream.content).toBe(content);
    }), { numRuns: 200 });
  });

  it('several callbacks decrypted one after another with the process-wide decipher, broken ones between them', () => {
    const msgs = ['第一条', '', 'x'.repeat(1000), '最后一条'];
    for (const m of msgs) {
      expect(() => wecomDecrypt(K, Buffer.alloc(48, 7).toString('base64'))).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
      expect(wecomDecrypt(K, officialEncrypt(K, m, 'rid')).message).toBe(m);
    }
  });

  it('safeEqual: equal strings only, any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
