import type { Logger as SdkLogger, WsFrame } from '@wecom/aibot-node-sdk';
import type { PlatformLogger } from '../shared/logger.js';
import { sent, type SendResult } from '../shared/send-result.js';
import { WEBHOOK_RATE_LIMIT, WECOM_ERRCODE } from './send-webhook.js';

/** Markdown limit of aibot_send_msg, bytes: assumed equal to response_url markdown (101138); UNCONFIRMED for the long connection. */
export const WS_MARKDOWN_MAX_BYTES = 20480;

/**
 * The SDK logs strings; we log objects (pino). Its info lines are chatty, so they go to debug. It never
 * logs the secret (the auth frame is not logged), only the wsUrl, which is not secret.
 */
export function sdkLogger(log: PlatformLogger): SdkLogger {
  const fields = (args: unknown[]) => ({ platform: 'wecom', sdk: 'aibot-node-sdk', args: args.map(String) });
  return {
    debug: (m, ...a) => log.debug(fields(a), m),
    info: (m, ...a) => log.debug(fields(a), m),
    warn: (m, ...a) => log.warn(fields(a), m),
    error: (m, ...a) => log.error(fields(a), m),
  };
}

/**
 * Maps the SDK's outcomes: it resolves with the ack frame, rejects with the ack frame when errcode ≠ 0,
 * and with an Error when the socket is down or no ack came within 5 s.
 */
export async function wsSendResult(send: () => Promise<WsFrame>): Promise<SendResult> {
  try {
    await send();
    return sent();
  } catch (err) {
    const frame = err as Partial<WsFrame>;
    if (typeof frame?.errcode === 'number') {
      const errmsg = String(frame.errmsg ?? '');
      if (frame.errcode === WECOM_ERRCODE.rateLimited) {
        return { ok: false, kind: 'rate_limited', errcode: frame.errcode, errmsg, retryAfterMs: WEBHOOK_RATE_LIMIT.windowMs };
      }
      return { ok: false, kind: 'platform', errcode: frame.errcode, errmsg, status: 200, retryable: frame.errcode === WECOM_ERRCODE.busy };
    }
    // Includes "WebSocket not connected": the SDK is reconnecting on its own, so it is worth a retry. The SDK's
    // words are put in Chinese where known: the office reads them on a push that failed.
    return { ok: false, kind: 'network', message: wsFailureInChinese((err as Error)?.message ?? String(err)), retryable: true };
  }
}

/** The SDK's English reasons for a send that got no answer, as the office reads them (others kept as they are). */
export function wsFailureInChinese(message: string): string {
  if (sdkNotConnected(message)) return '长连接未连通（正在自动重连）';
  const timeout = /ack timeout \((\d+)ms\)/i.exec(message);
  if (timeout) return `企业微信 ${Number(timeout[1]) / 1000} 秒内未确认收到`;
  return message;
}

/** The SDK refused to send because the connection is down ("WebSocket not connected, unable to send data"). */
export const sdkNotConnected = (message: string): boolean => /not connected/i.test(message);
