import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_DEADLINE_MS, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks } from '../shared/background.js';
import { adapterLogger, describeUrl } from '../shared/logger.js';
import { registerRawBodyRoutes } from '../shared/raw-body-scope.js';
import { WebhookRejection } from '../shared/rejection.js';
import { answerResumed, createHolding, startResumeSweep, type ResumeOutcome, type ResumeSweep } from '../shared/resume-sweep.js';
import { safeAccept } from '../shared/safe-handle.js';
import { decodeWecomCallback } from './decode-callback.js';
import { openCallback, verifyUrl, type WecomKeys, type WecomQuery } from './open-callback.js';
import type { Reply } from '../../core/reply.js';
import { passiveGate } from './passive-gate.js';
import { envelopeJson, finishedStream, newStreamId, renderStreamContent, sealReply } from './passive-reply.js';
import { sendToResponseUrl } from './send-response-url.js';
import { createStreamCache } from './stream-cache.js';
import { nodeFetch } from '../shared/node-fetch.js';
import { RawJson } from '../../../db/repositories/inbound-messages.js';

export const WECOM_WEBHOOK_PATH = '/webhooks/wecom';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * WeCom intelligent bot in URL-callback mode (WECOM_MODE=callback): GET handshake and encrypted JSON
 * POSTs at /webhooks/wecom. An answer ready within the deadline goes back as the encrypted passive
 * reply (a finished stream); a later one through the callback's response_url (platforms.md §1b, §5).
 * Each message is recorded with its callback before it is answered; one whose process died before answering
 * it is answered through its response_url by the resume sweep while that URL lives.
 */
export function createWecomCallbackAdapter(opts: AdapterOptions): AdapterWithIdle {
  const { config } = opts;
  const keys: WecomKeys = {
    token: config.WECOM_TOKEN,
    encodingAesKey: config.WECOM_ENCODING_AES_KEY,
    receiveId: config.WECOM_RECEIVE_ID,
  };
  const now = opts.now ?? (() => new Date());
  const fetchFn = opts.fetch ?? nodeFetch;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const log = adapterLogger(opts.logger);
  const tasks = createBackgroundTasks(() => log);
  const streams = createStreamCache(now);
  /** Message ids this process is working on: its own resume sweep leaves them alone. */
  const holding = createHolding();

  function refuse(res: FastifyReply, err: unknown) {
    if (!(err instanceof WebhookRejection)) throw err;
    log.warn({ platform: 'wecom', code: err.code }, 'wecom callback rejected');
    return res.code(err.status).send(err.toJSON());
  }

  async function onGet(req: FastifyRequest<{ Querystring: WecomQuery }>, res: FastifyReply) {
    let plaintext: string;
    try {
      plaintext = verifyUrl(keys, req.query);
    } catch (err) {
      return refuse(res, err);
    }
    // Exactly the plaintext: no quotes, BOM or newline (101033).
    return res.type('text/plain; charset=utf-8').send(plaintext);
  }

  async function onPost(req: FastifyRequest<{ Querystring: WecomQuery }>, res: FastifyReply) {
    let opened: ReturnType<typeof openCallback>;
    try {
      opened = openCallback(keys, req.query, req.body);
    } catch (err) {
      return refuse(res, err);
    }
    const receivedAt = now();
    const decoded = decodeWecomCallback(opened.plain, receivedAt);
    const seal = (plain: object) => res.type(JSON_TYPE).send(envelopeJson(sealReply(keys, plain, opened.nonce, now())));
    switch (decoded.kind) {
      case 'invalid':
        return refuse(res, new WebhookRejection('MALFORMED_BODY', decoded.reason));
      case 'event':
        // Button clicks, enter_chat and feedback are not commands yet: an empty body is a valid answer.
        log.info({ platform: 'wecom', msgid: decoded.msgid, event: decoded.eventType }, 'wecom event ignored');
        return res.send('');
      case 'stream-refresh': {
        const content = streams.get(decoded.streamId);
        return content === undefined ? res.send('') : seal(finishedStream(content, decoded.streamId));
      }
      case 'message':
        break;
    }
    const { message, responseUrl } = decoded;
    const { messageId } = message;
    // The answer goes back in this response if it is ready within the deadline (counted from here, recording
    // included); after that the response is an empty 200 and the answer goes through response_url.
    const gate = passiveGate(deadlineMs);
    // Whether the response went out whole (true), or the connection closed first (false): WeCom, or a proxy on
    // the way, gave up on the request. An answer that could not go in it goes through response_url instead.
    const sent = new Promise<boolean>((resolve) => {
      // Closed already (before these listeners could hear it): no 'close' is coming.
      if (res.raw.destroyed) {
        gate.gone();
        resolve(false);
        return;
      }
      res.raw.once('finish', () => resolve(true));
      res.raw.once('close', () => {
        if (!res.raw.writableFinished) gate.gone();
        resolve(res.raw.writableFinished);
      });
    });
    const late = lateAnswer(message.messageId, responseUrl);
    holding.add(messageId);
    tasks.run('wecom message', async () => {
      try {
        // Recorded with the callback before anything is answered: if this process dies before the answer has
        // gone out, the resume sweep answers it through its response_url (or a redelivery, once the lease passed).
        message.resume = resumeData(opened.text, receivedAt); // the message was decoded for this request alone
        const rest = await safeAccept(opts.handle, message, log);
        // The message is marked handled only once deliver returns: after the response was sent, or the late POST.
        await rest(async (answer) => {
          if (!gate.answer(answer) || !(await sent)) await late(answer);
        });
      } finally {
        gate.nothing();
        holding.release(messageId);
      }
    });
    const outcome = await gate.outcome;
    if (outcome.kind === 'answer') {
      const content = renderStreamContent(outcome.answer);
      const streamId = newStreamId();
      streams.put(streamId, content);
      return seal(finishedStream(content, streamId));
    }
    // Too slow for a passive reply, or nothing to say (a redelivery): acknowledge now.
    return res.send('');
  }

  /** Sends an answer that missed the passive reply through the callback's one-shot response_url. */
  const lateAnswer = (messageId: string, responseUrl: string | undefined) => async (answer: Reply) => {
    if (!responseUrl) {
      log.warn({ platform: 'wecom', messageId }, 'late answer dropped: callback had no response_url');
      return;
    }
    const result = await sendToResponseUrl({
      responseUrl, apiBase: config.WECOM_API_BASE, markdown: renderStreamContent(answer), fetch: fetchFn,
    });
    if (!result.ok) {
      log.warn({ platform: 'wecom', messageId, url: describeUrl(responseUrl), result }, 'response_url send failed');
    }
  };

  /**
   * Answers a callback that a stopped process had recorded but not answered (startResumeSweep), as it arrived:
   * its own time, through its response_url while that lives (one hour); an older one is given up.
   */
  async function resume(data: unknown): Promise<ResumeOutcome> {
    const stored = data as Partial<WecomResume> | null;
    if (typeof stored?.receivedAt !== 'number') return 'unusable';
    const receivedAt = new Date(stored.receivedAt);
    const decoded = decodeWecomCallback(stored.callback, receivedAt);
    if (decoded.kind !== 'message' || !decoded.responseUrl) return 'unusable';
    if (stored.receivedAt + RESPONSE_URL_LIFE_MS <= now().getTime()) return 'unusable';
    decoded.message.resume = data;
    return answerResumed(opts.handle, decoded.message, log,
      (answer) => lateAnswer(decoded.message.messageId, decoded.responseUrl)(answer));
  }

  let sweep: ResumeSweep | undefined;
  const drain = async () => {
    await sweep?.idle();
    await tasks.drain();
  };
  const stop = async () => {
    await sweep?.stop();
    await drain();
  };

  return {
    name: 'wecom',
    async register(app: FastifyInstance) {
      log.adopt(app.log);
      await registerRawBodyRoutes(app, (scope) => {
        scope.get(WECOM_WEBHOOK_PATH, onGet);
        scope.post(WECOM_WEBHOOK_PATH, onPost);
      });
      app.addHook('onClose', stop);
    },
    /** After the server listens: answers what a stopped process recorded but did not answer. */
    async start() {
      sweep = startResumeSweep({ handle: opts.handle, platform: 'wecom', log, resume, holding: (id) => holding.has(id) });
    },
    stop,
    idle: drain,
  };
}

/** A response_url may be used within one hour of its callback (platforms.md §1b, 101138). */
export const RESPONSE_URL_LIFE_MS = 60 * 60_000;

/** What is stored with a recorded callback to answer it after a restart: the decrypted callback and when it came. */
interface WecomResume { callback: unknown; receivedAt: number }

/** The callback's decrypted JSON text (parsed just before, so valid) stored as it is, not serialised again. */
const resumeData = (callback: string, receivedAt: Date) => new RawJson(`{"callback":${callback},"receivedAt":${receivedAt.getTime()}}`);
