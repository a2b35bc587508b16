import type { SendResult as OutboxResult } from '../../outbox/senders.js';
import type { SendResult } from './send-result.js';

/**
 * Our SendResult in the outbox worker's terms (src/outbox/senders.ts). `error` is stored on the row and
 * shown to the office when it is dead-lettered, so it is Chinese and never holds a URL or key.
 */
export function toOutboxResult(platform: '企业微信' | '钉钉', r: SendResult): OutboxResult {
  switch (r.kind) {
    case 'sent':
      return { ok: true, response: r.id ? { id: r.id } : undefined };
    case 'rate_limited':
      return { ok: false, retryable: true, rateLimited: true, retryAfterMs: r.retryAfterMs,
        error: `${platform}限流（${r.errcode}），约 ${Math.ceil(r.retryAfterMs / 60_000)} 分钟后重试` };
    case 'platform':
      return { ok: false, retryable: r.retryable, error: `${platform}返回错误 ${r.errcode}：${r.errmsg || `HTTP ${r.status}`}` };
    case 'network':
      return { ok: false, retryable: true, error: `无法连接${platform}：${r.message}` };
    case 'refused':
      return { ok: false, retryable: false, error: r.message };
  }
}
