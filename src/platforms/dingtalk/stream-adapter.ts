import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { ANSWER_CONCURRENCY, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks } from '../shared/background.js';
import type { FastifyInstance } from 'fastify';
import { adapterLogger, errorFields } from '../shared/logger.js';
import { createHolding, type ResumeSweep } from '../shared/resume-sweep.js';
import { safeAccept } from '../shared/safe-handle.js';
import { adapterSendContext, answerMessage, startDingtalkResumeSweep } from './answer-message.js';
import { decodeDingtalkMessage } from './decode-message.js';
import { StreamClient } from './stream-client.js';
import { connectionWatch } from '../shared/connection-watch.js';
import { nodeFetch } from '../shared/node-fetch.js';

export interface DingtalkStreamOptions extends AdapterOptions {
  /** First reconnect delay (doubles per failure, capped at 30 s); tests shorten it. */
  retryBaseMs?: number;
  /** How long the connection may be down before /readyz names it (default CONNECTION_GRACE_MS). */
  connectionGraceMs?: number;
}

export type DingtalkStreamAdapter = AdapterWithIdle & { start(): Promise<void>; readonly connected: boolean };

/**
 * DingTalk enterprise robot in Stream mode (DINGTALK_MODE=stream, platforms.md §2c): no public URL.
 * Each robot callback is acknowledged explicitly once it is recorded (the SDK does not ack callbacks; an
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

  const watch = connectionWatch(() => client.connected, 'dingtalk stream', opts.connectionGraceMs);

  let sweep: ResumeSweep | undefined;
  /** Messages recorded or being answered here (the sweep leaves them alone), and recordings under way. */
  const holding = createHolding();
  const accepting = new Set<Promise<unknown>>();
  async function stop() {
    sendCtx.stopRetrying();
    client.disconnect();
    await sweep?.stop();
    await Promise.allSettled([...accepting]);
    await tasks.drain();
  }

  // stop() cuts short the waits of answers to be sent again, so they do not hold it up.
  const sendCtx = adapterSendContext({ oapiBase: config.DINGTALK_OAPI_BASE, fetch: fetchFn, now, log, retryDelaysMs: opts.retryDelaysMs });
  const ack = (frame: DWClientDownStream) => {
    try {
      client.socketCallBackResponse(frame.headers.messageId, null);
    } catch (err) {
      log.warn({ platform: 'dingtalk', ...errorFields(err) }, 'dingtalk stream ack failed');
    }
  };

  async function onCallback(frame: DWClientDownStream): Promise<void> {
    let data: unknown;
    try {
      data = JSON.parse(frame.data);
    } catch {
      ack(frame);
      log.warn({ platform: 'dingtalk', streamMessageId: frame.headers.messageId }, 'dingtalk stream callback is not JSON');
      return;
    }
    const decoded = decodeDingtalkMessage(data, now());
    if (!decoded.ok) {
      ack(frame);
      log.warn({ platform: 'dingtalk', reason: decoded.reason }, 'dingtalk stream callback ignored');
      return;
    }
    // Recorded, with the callback to answer it from, before the ack (as in HTTP mode): if this process dies
    // before answering, the message is answered after the restart instead of being lost once acknowledged.
    const { messageId } = decoded.message;
    holding.add(messageId);
    decoded.message.resume = data; // decoded for this frame alone
    const accepted = safeAccept(opts.handle, decoded.message, log);
    accepting.add(accepted);
    const rest = await accepted.finally(() => accepting.delete(accepted));
    ack(frame);
    // Nothing is delivered for a duplicate.
    tasks.run('dingtalk stream message', async () => {
      try {
        await rest((answer) => answerMessage(decoded, answer, sendCtx));
      } finally {
        holding.release(messageId);
      }
    });
  }
  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    // A callback this code cannot read must not end the process (an unhandled rejection does) nor come back
    // every minute unacknowledged: it is logged and acknowledged.
    onCallback(frame).catch((err) => {
      log.error({ platform: 'dingtalk', streamMessageId: frame.headers.messageId, ...errorFields(err) }, 'dingtalk stream callback failed');
      ack(frame);
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
      // What a stopped process acknowledged but did not answer (see onCallback); answered through HTTP.
      sweep = startDingtalkResumeSweep(opts.handle, sendCtx, (messageId) => holding.has(messageId));
      watch.start();
      await client.connect();
    },
    stop,
    idle: async () => {
      await sweep?.idle();
      await tasks.drain();
    },
    get connected() {
      return client.connected;
    },
    problem: () => client.refusal ?? watch.problem(),
  };
}
