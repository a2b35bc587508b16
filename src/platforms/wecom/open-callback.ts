import { WebhookRejection } from '../shared/rejection.js';
import { parseJsonObject } from '../shared/raw-body-scope.js';
import { wecomDecrypt } from './decrypt.js';
import { verifyWecomSignature } from './signature.js';

export interface WecomKeys {
  token: string;
  encodingAesKey: string;
  /** Checked when non-empty (design §9); "" for an intelligent bot. */
  receiveId: string;
}

/** Query of both the GET handshake and the POST callback (101033). */
export interface WecomQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/**
 * Base64 never contains spaces, but a query parser turns "+" into one when WeCom leaves it unescaped
 * (101033 tells receivers to restore it).
 */
const restorePlus = (s: string) => s.replace(/ /g, '+');

function signed(query: WecomQuery): { signature: string; timestamp: string; nonce: string } {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string' || !signature) {
    throw new WebhookRejection('MISSING_SIGNATURE');
  }
  return { signature, timestamp, nonce };
}

/** GET URL verification: verify over echostr, decrypt it, return the plaintext to echo (≤ 1 s). */
export function verifyUrl(keys: WecomKeys, query: WecomQuery): string {
  const s = signed(query);
  if (typeof query.echostr !== 'string' || !query.echostr) throw new WebhookRejection('MALFORMED_BODY', 'echostr');
  const echostr = restorePlus(query.echostr);
  if (!verifyWecomSignature({ token: keys.token, ...s, encrypt: echostr })) throw new WebhookRejection('BAD_SIGNATURE');
  return wecomDecrypt(keys.encodingAesKey, echostr, keys.receiveId).message;
}

/**
 * POST callback: `{"encrypt": …}` → verified → decrypted → parsed JSON. Order matters: nothing is
 * decrypted before the signature holds, so a forged request costs one sha1 and gets 401.
 */
export function openCallback(keys: WecomKeys, query: WecomQuery, rawBody: unknown): { plain: unknown; text: string; nonce: string } {
  const s = signed(query);
  const body = parseJsonObject(rawBody);
  if (!body || typeof body.encrypt !== 'string' || !body.encrypt) throw new WebhookRejection('MALFORMED_BODY');
  const encrypt = restorePlus(body.encrypt);
  if (!verifyWecomSignature({ token: keys.token, ...s, encrypt })) throw new WebhookRejection('BAD_SIGNATURE');
  const { message } = wecomDecrypt(keys.encodingAesKey, encrypt, keys.receiveId);
  try {
    return { plain: JSON.parse(message), text: message, nonce: s.nonce };
  } catch {
    throw new WebhookRejection('MALFORMED_BODY', 'plaintext is not JSON');
  }
}
