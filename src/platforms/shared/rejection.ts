/**
 * Why an inbound webhook request was refused. One code per verification rule, so tests and logs name
 * the rule; the HTTP status follows design §9 (signature problems are 401, malformed input 400).
 */
export type RejectionCode =
  | 'MISSING_SIGNATURE'
  | 'BAD_SIGNATURE'
  | 'STALE_TIMESTAMP'
  | 'RECEIVE_ID_MISMATCH'
  | 'DECRYPT_FAILED'
  | 'MALFORMED_BODY';

const statusOf: Record<RejectionCode, 401 | 400> = {
  MISSING_SIGNATURE: 401,
  BAD_SIGNATURE: 401,
  STALE_TIMESTAMP: 401,
  RECEIVE_ID_MISMATCH: 401,
  DECRYPT_FAILED: 400,
  MALFORMED_BODY: 400,
};

/** Shown in the HTTP response only (the platform, not a user, reads it); kept Chinese like all messages. */
const messageOf: Record<RejectionCode, string> = {
  MISSING_SIGNATURE: '缺少签名参数',
  BAD_SIGNATURE: '签名校验失败',
  STALE_TIMESTAMP: '时间戳超出允许范围',
  RECEIVE_ID_MISMATCH: '消息接收方不匹配',
  DECRYPT_FAILED: '消息解密失败',
  MALFORMED_BODY: '请求内容格式错误',
};

export class WebhookRejection extends Error {
  readonly status: 401 | 400;
  constructor(readonly code: RejectionCode, detail?: string) {
    super(detail ? `${messageOf[code]}：${detail}` : messageOf[code]);
    this.name = 'WebhookRejection';
    this.status = statusOf[code];
  }

  toJSON() {
    return { code: this.code, message: this.message };
  }
}
