import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import { DEFAULT_DEADLINE_MS, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks } from '../shared/background.js';
import { answerResumed, createHolding, startResumeSweep, type ResumeOutcome, type ResumeSweep } from '../shared/resume-sweep.js';
import type { FastifyInstance } from 'fastify';
import { connectionWatch } from '../shared/connection-watch.js';
import { adapterLogger, errorFields } from '../shared/logger.js';
import { safeAccept } from '../shared/safe-handle.js';
import { refused, type SendResult } from '../shared/send-result.js';
import { USER_MESSAGES } from '../shared/user-messages.js';
import { decodeWecomCallback } from './decode-callback.js';
import { newStreamId, renderStreamContent } from './passive-reply.js';
import { sdkLogger, sdkNotConnected, WS_MARKDOWN_MAX_BYTES, wsSendResult } from './websocket-support.js';

export interface WecomWebsocketOptions extends AdapterOptions {
  /** SDK tuning for tests; production uses the defaults. */
  reconnectBaseMs?: number;
  heartbeatMs?: number;
  /** Wait before subscribing again once WeCom refused five times (default AUTH_RETRY_MS). */
  authRetryMs?: number;
  /** How long the connection may be down before /readyz names it (default CONNECTION_GRACE_MS). */
  connectionGraceMs?: number;
}

/** How long after WeCom refused the subscription five times one more is tried: rarely, as subscribing is rate-protected. */
export const AUTH_RETRY_MS = 10 * 60_000;

export type WecomWebsocketAdapter = AdapterWithIdle & {
  start(): Promise<void>;
  /** Proactive push over the long connection (`aibot_send_msg`; chatid, or a userid for a single chat). */
  sendMarkdown(chatId: string, content: string): Promise<SendResult>;
  readonly connected: boolean;
};

/**
 * WeCom intelligent bot over the long connection (WECOM_MODE=websocket, 101463): no public URL and no
 * encryption. `@wecom/aibot-node-sdk` subscribes, sends heartbeats and reconnects with backoff on its
 * own; we only make it retry forever. The one case where it stops on purpose is `disconnected_event`
 * (another process subscribed the same bot: one live connection per bot), which we log loudly.
 */
export function createWecomWebsocketAdapter(opts: WecomWebsocketOptions): WecomWebsocketAdapter {
  const { config } = opts;
  const log = adapterLogger(opts.logger);
  const now = opts.now ?? (() => new Date());
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const tasks = createBackgroundTasks(() => log);
  const client = new WSClient({
    botId: config.WECOM_BOT_ID,
    secret: config.WECOM_BOT_SECRET,
    wsUrl: config.WECOM_WS_URL,
    // Network loss: retry forever (backoff capped at 30 s). A refused subscription is a wrong id/secret and
    // subscribing is rate-protected (101463): the SDK's 5 attempts, then a loud error.
    maxReconnectAttempts: -1,
    reconnectInterval: opts.reconnectBaseMs ?? 1000,
    heartbeatInterval: opts.heartbeatMs ?? 30_000,
    logger: sdkLogger(log),
  });

  /** Message ids this process is working on: its own resume sweep leaves them alone. */
  const holding = createHolding();

  async function onMessage(frame: WsFrame) {
    const receivedAt = now();
    const decoded = decodeWecomCallback(frame.body, receivedAt);
    if (decoded.kind !== 'message') return;
    const { messageId } = decoded.message;
    const streamId = newStreamId();
    // Slow answer: open the stream with a short notice so the user sees progress, finish it later. A notice that
    // could not go (the connection dropped) is only logged: the answer still goes, by another way if need be.
    let opening: Promise<boolean> | undefined;
    const notice = setTimeout(() => {
      opening = client.replyStream(frame, streamId, USER_MESSAGES.working, false).then(() => true, (err: unknown) => {
        log.warn({ platform: 'wecom', messageId, ...errorFields(err) }, 'wecom progress notice failed');
        return false;
      });
    }, deadlineMs);
    holding.add(messageId);
    try {
      // Recorded with the frame before it is answered: if this process dies first, the resume sweep answers it.
      const resume: WecomWsResume = { callback: frame.body, receivedAt: receivedAt.getTime() };
      const rest = await safeAccept(opts.handle, { ...decoded.message, resume }, log);
      let answered = false;
      await rest(async (answer) => {
        answered = true;
        clearTimeout(notice);
        await opening;
        try {
          await client.replyStream(frame, streamId, renderStreamContent(answer), true);
        } catch (err) {
          // The reply belongs to the connection the message came on (its req_id); once that is gone, the answer
          // goes as a message of its own into the conversation, quoting the question, when the connection is back.
          // Not when the connection is up (an ack that came late, a refusal): the reply may well have arrived.
          if (client.isConnected && !sdkNotConnected((err as Error)?.message ?? '')) {
            log.warn({ platform: 'wecom', messageId, ...errorFields(err) }, 'wecom reply failed');
            return;
          }
          log.warn({ platform: 'wecom', messageId, ...errorFields(err) }, 'wecom reply failed; answering with a message of its own');
          await answerLate(decoded.message, answer);
        }
      });
      // A redelivery has no answer of its own: a stream opened meanwhile is closed empty, else nothing is said.
      if (!answered && opening && (await opening)) {
        await client.replyStream(frame, streamId, '', true).catch((err: unknown) =>
          log.warn({ platform: 'wecom', messageId, ...errorFields(err) }, 'wecom stream close failed'));
      }
    } finally {
      clearTimeout(notice);
      holding.release(messageId);
    }
  }

  /**
   * An answer whose reply could not go over the connection it was asked on: a proactive message quoting the
   * question, once the connection is back (waiting up to LATE_ANSWER_WAIT_MS, less if the adapter stops).
   */
  async function answerLate(message: { chatId: string; messageId: string; text: string }, answer: Parameters<typeof renderStreamContent>[0]) {
    const until = Date.now() + LATE_ANSWER_WAIT_MS;
    while (!client.isConnected && !stopped && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const content = `${quoteQuestion(message.text)}\n${renderStreamContent(answer)}`;
    const result = await wsSendResult(() => client.sendMessage(message.chatId, { msgtype: 'markdown', markdown: { content } }));
    if (!result.ok) log.error({ platform: 'wecom', messageId: message.messageId, chatId: message.chatId, result }, 'wecom late answer failed');
  }

  /**
   * Answers a message that a stopped process had recorded but not answered (startResumeSweep), as it arrived,
   * with a proactive message into its conversation (its req_id belonged to the old connection) that quotes the
   * question. Within a day of it (WeCom's reply window); an older one is given up.
   */
  async function resume(data: unknown): Promise<ResumeOutcome> {
    const stored = data as Partial<WecomWsResume> | null;
    if (typeof stored?.receivedAt !== 'number') return 'unusable';
    const decoded = decodeWecomCallback(stored.callback, new Date(stored.receivedAt));
    if (decoded.kind !== 'message') return 'unusable';
    if (stored.receivedAt + WS_REPLY_WINDOW_MS <= now().getTime()) return 'unusable';
    // Tried again at the next sweep once the connection is up.
    if (!client.isConnected) throw new Error('wecom long connection not connected');
    return answerResumed(opts.handle, { ...decoded.message, resume: data }, log, (answer) => answerLate(decoded.message, answer));
  }

  let sweep: ResumeSweep | undefined;

  // After the SDK's five refused subscriptions it stops for good; a refusal on WeCom's side (or credentials fixed
  // in the admin console) may pass, so one more subscription is tried every AUTH_RETRY_MS until one is accepted.
  let authRefused = false;
  let stopped = false;
  let authRetry: NodeJS.Timeout | undefined;
  const retryAuth = () => {
    clearTimeout(authRetry);
    authRetry = setTimeout(() => {
      if (stopped) return;
      log.info({ platform: 'wecom' }, 'wecom long connection: trying the subscription again');
      client.disconnect();
      client.connect();
    }, opts.authRetryMs ?? AUTH_RETRY_MS);
    authRetry.unref();
  };

  const watch = connectionWatch(() => client.isConnected, 'wecom long connection', opts.connectionGraceMs);

  async function stop() {
    stopped = true;
    clearTimeout(authRetry);
    await sweep?.stop();
    await tasks.drain();
    // Also when the connection is down: disconnecting is what cancels the SDK's pending reconnect (a stopped
    // process that subscribed again would take the bot's one connection from its successor).
    client.disconnect();
  }

  client.on('message', (frame) => tasks.run('wecom ws message', () => onMessage(frame)));
  client.on('authenticated', () => {
    authRefused = false;
    // Late answers go over the connection: the sweep begins once it is up, and runs on from then.
    if (!stopped) sweep ??= startResumeSweep({ handle: opts.handle, platform: 'wecom', log, resume, holding: (id) => holding.has(id) });
    log.info({ platform: 'wecom' }, 'wecom long connection authenticated');
  });
  client.on('disconnected', (reason) => log.warn({ platform: 'wecom', reason }, 'wecom long connection closed'));
  client.on('reconnecting', (attempt) => log.info({ platform: 'wecom', attempt }, 'wecom long connection reconnecting'));
  client.on('error', (err) => {
    if ((err as { code?: string }).code === 'WS_AUTH_FAILURE_EXHAUSTED') {
      authRefused = true;
      log.error({ platform: 'wecom', ...errorFields(err) }, 'wecom long connection: subscription refused, check WECOM_BOT_ID / WECOM_BOT_SECRET');
      retryAuth();
    } else {
      log.warn({ platform: 'wecom', ...errorFields(err) }, 'wecom long connection error');
    }
  });
  client.on('event.disconnected_event', () =>
    log.error({ platform: 'wecom' }, 'wecom: another connection subscribed this bot; this one was closed and will not reconnect'),
  );

  return {
    name: 'wecom',
    // No routes: only to adopt the app's logger and close the connection with the app.
    register(app: FastifyInstance) {
      log.adopt(app.log);
      app.addHook('onClose', async () => stop());
    },
    async start() {
      watch.start();
      client.connect();
    },
    stop,
    async idle() {
      await sweep?.idle();
      await tasks.drain();
    },
    get connected() {
      return client.isConnected;
    },
    problem: () => (authRefused ? 'subscription refused: check WECOM_BOT_ID / WECOM_BOT_SECRET' : watch.problem()),
    async sendMarkdown(chatId, content) {
      if (Buffer.byteLength(content) > WS_MARKDOWN_MAX_BYTES) return refused('too_long', `内容超过 ${WS_MARKDOWN_MAX_BYTES} 字节，请先拆分`);
      return wsSendResult(() => client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content } }));
    },
  };
}

/** How long an answer whose reply failed waits for the long connection to come back before it is given up. */
const LATE_ANSWER_WAIT_MS = 30_000;

/** WeCom accepts replies within 24 hours of a callback (101463). */
export const WS_REPLY_WINDOW_MS = 24 * 3600_000;

/** What is stored with a recorded long-connection message to answer it after a restart. */
interface WecomWsResume { callback: unknown; receivedAt: number }

/** The first line of a late answer: which question it answers (a proactive message quotes nothing by itself). */
function quoteQuestion(text: string): string {
  const short = [...text.replace(/\s+/g, ' ').trim()];
  return `> 回复之前的提问：“${short.length > 30 ? `${short.slice(0, 30).join('')}…` : short.join('')}”`;
}
