import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { ANSWER_CONCURRENCY, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks } from '../shared/background.js';
import type { FastifyInstance } from 'fastify';
import { adapterLogger, errorFields } from '../shared/logger.js';
import { safeHandle } from '../shared/safe-handle.js';
import { answerMessage } from './answer-message.js';
import { decodeDingtalkMessage } from './decode-message.js';
import { StreamClient } from './stream-client.js';
import { nodeFetch } from '../shared/node-fetch.js';

export interface DingtalkStreamOptions extends AdapterOptions {
  /** First reconnect delay (doubles per failure, capped at 30 s); tests shorten it. */
  retryBaseMs?: number;
}

export type DingtalkStreamAdapter = AdapterWithIdle & { start(): Promise<void>; readonly connected: boolean };

/**
 * DingTalk enterprise robot in Stream mode (DINGTALK_MODE=stream, platforms.md §2c): no public URL.
 * Each robot callback is acknowledged explicitly and at once (the SDK does not ack callbacks; an
 * unacknowledged one is re-pushed after ~60 s, §5), then handled; the answer goes to the sessionWebhook.
 * Redeliveries carry a new headers.messageId but the same data.msgId, which the handler dedupes on.
 */
export function createDingtalkStreamAdapter(opts: DingtalkStreamOptions): DingtalkStreamAdapter {
  const { config } = opts;
  const log = adapterLogger(opts.logger);
  const now = opts.now ?? (() => new Date());
  const fetchFn = opts.fetch ?? nodeFetch;
  // A burst is answered in arrival order, ANSWER_CONCURRENCY at a time, as in HTTP mode.
  const tasks = createBackgroundTasks(() => log, { concurrency: ANSWER_CONCURRENCY });
  const client = new StreamClient({
    clientId: config.DINGTALK_APP_KEY,
    clientSecret: config.DINGTALK_APP_SECRET,
    apiBase: config.DINGTALK_API_BASE,
    fetch: fetchFn,
    log,
    retryBaseMs: opts.retryBaseMs,
  });

  async function stop() {
    client.disconnect();
    await tasks.drain();
  }

  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    try {
      client.socketCallBackResponse(frame.headers.messageId, null);
    } catch (err) {
      log.warn({ platform: 'dingtalk', ...errorFields(err) }, 'dingtalk stream ack failed');
    }
    tasks.run('dingtalk stream message', async () => {
      let data: unknown;
      try {
        data = JSON.parse(frame.data);
      } catch {
        log.warn({ platform: 'dingtalk', streamMessageId: frame.headers.messageId }, 'dingtalk stream callback is not JSON');
        return;
      }
      const decoded = decodeDingtalkMessage(data, now());
      if (!decoded.ok) {
        log.warn({ platform: 'dingtalk', reason: decoded.reason }, 'dingtalk stream callback ignored');
        return;
      }
      const answer = await safeHandle(opts.handle, decoded.message, log);
      if (!answer) return; // duplicate
      await answerMessage(decoded, answer, { oapiBase: config.DINGTALK_OAPI_BASE, fetch: fetchFn, now, log });
    });
  });

  return {
    name: 'dingtalk',
    // No routes: only to adopt the app's logger and close the connection with the app.
    register(app: FastifyInstance) {
      log.adopt(app.log);
      app.addHook('onClose', async () => stop());
    },
    async start() {
      await client.connect();
    },
    stop,
    idle: () => tasks.drain(),
    get connected() {
      return client.connected;
    },
  };
}
