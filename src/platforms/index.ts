/**
 * The WeCom and DingTalk platform layer. The core never imports from here; server.ts picks the
 * transports the config enables and hands them to buildApp. Reminder delivery (the outbox worker) uses
 * the push senders; each returns a SendResult and never throws.
 */
import type { PlatformAdapter } from '../core/platform.js';
import type { AdapterOptions } from './shared/adapter-options.js';
import { createWecomCallbackAdapter } from './wecom/callback-adapter.js';
import { createWecomWebsocketAdapter } from './wecom/websocket-adapter.js';
import { createDingtalkHttpAdapter } from './dingtalk/http-adapter.js';
import { createDingtalkStreamAdapter } from './dingtalk/stream-adapter.js';

export type { AdapterOptions, AdapterWithIdle } from './shared/adapter-options.js';
export type { PlatformLogger } from './shared/logger.js';
export type { SendResult, SendFailure, RefusalReason } from './shared/send-result.js';

export { createWecomCallbackAdapter, WECOM_WEBHOOK_PATH } from './wecom/callback-adapter.js';
export { createWecomWebsocketAdapter, type WecomWebsocketAdapter } from './wecom/websocket-adapter.js';
export { sendWecomWebhookText, WEBHOOK_TEXT_MAX_BYTES, WEBHOOK_RATE_LIMIT, WECOM_ERRCODE, type WecomWebhookText } from './wecom/send-webhook.js';

export { createDingtalkHttpAdapter, DINGTALK_WEBHOOK_PATH } from './dingtalk/http-adapter.js';
export { createDingtalkStreamAdapter, type DingtalkStreamAdapter } from './dingtalk/stream-adapter.js';
export { sendDingtalkRobot, type DingtalkRobotPush } from './dingtalk/send-robot.js';
export { createDingtalkGroupSender, type DingtalkGroupSender } from './dingtalk/send-group-message.js';
export { ROBOT_RATE_LIMIT, DINGTALK_ERRCODE } from './dingtalk/robot-result.js';

// Plug-ins for the outbox worker (src/outbox/senders.ts SenderRegistry).
export { createWecomOutboxSender } from './wecom/outbox-sender.js';
export { createDingtalkOutboxSender } from './dingtalk/outbox-sender.js';

/** The adapters WECOM_MODE and DINGTALK_MODE ask for (none when both are "off"). */
export function createPlatformAdapters(opts: AdapterOptions): PlatformAdapter[] {
  const adapters: PlatformAdapter[] = [];
  if (opts.config.WECOM_MODE === 'callback') adapters.push(createWecomCallbackAdapter(opts));
  if (opts.config.WECOM_MODE === 'websocket') adapters.push(createWecomWebsocketAdapter(opts));
  if (opts.config.DINGTALK_MODE === 'http') adapters.push(createDingtalkHttpAdapter(opts));
  if (opts.config.DINGTALK_MODE === 'stream') adapters.push(createDingtalkStreamAdapter(opts));
  return adapters;
}
