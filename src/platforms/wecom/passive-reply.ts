import { pooledRandomBytes } from '../shared/random-pool.js';
import { renderReply } from '../../core/render-reply.js';
import type { Reply } from '../../core/reply.js';
import { wecomEncrypt } from './encrypt.js';
import { wecomSignature } from './signature.js';

/** Stream content limit of a passive reply, UTF-8 bytes (101031). */
export const STREAM_MAX_BYTES = 20480;

/** The encrypted envelope of a passive reply (101031/101033). Note `msgsignature` has no underscore. */
export interface WecomReplyEnvelope {
  encrypt: string;
  msgsignature: string;
  timestamp: number;
  nonce: string;
}

export interface EnvelopeKeys {
  token: string;
  encodingAesKey: string;
  receiveId: string;
}

/**
 * Encrypts and signs a reply. `nonce` must be the callback's own nonce (101031); `timestamp` is ours,
 * in seconds.
 */
export function sealReply(keys: EnvelopeKeys, plaintext: object, nonce: string, now: Date): WecomReplyEnvelope {
  const encrypt = wecomEncrypt(keys.encodingAesKey, JSON.stringify(plaintext), keys.receiveId);
  const timestamp = Math.floor(now.getTime() / 1000);
  return { encrypt, msgsignature: wecomSignature(keys.token, String(timestamp), nonce, encrypt), timestamp, nonce };
}

/**
 * The envelope as the JSON body of the response, written out rather than serialised: the ciphertext is base64 and the
 * signature hex, so only the nonce (the callback's own, from its query) needs escaping.
 */
export function envelopeJson(e: WecomReplyEnvelope): string {
  return `{"encrypt":"${e.encrypt}","msgsignature":"${e.msgsignature}","timestamp":${e.timestamp},"nonce":${JSON.stringify(e.nonce)}}`;
}

/**
 * A one-frame stream: `finish: true` on the first reply ends it, so WeCom should not poll for more
 * (platforms.md §1b; whether it still sends refresh callbacks is UNCONFIRMED, §7.2, so they are answered
 * from the stream cache anyway).
 */
export function finishedStream(content: string, streamId = newStreamId()) {
  return { msgtype: 'stream', stream: { id: streamId, finish: true, content } } as const;
}

/**
 * A passive reply and a response_url carry exactly one message, so the answer is rendered as one part;
 * the core's renderer summarises what does not fit instead of cutting a line.
 */
export function renderStreamContent(answer: Reply): string {
  return renderReply(answer, { format: 'markdown', maxBytes: STREAM_MAX_BYTES, maxParts: 1 })[0] ?? '';
}

export function newStreamId(): string {
  return `s-${pooledRandomBytes(8).toString('hex')}`;
}
