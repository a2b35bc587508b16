import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANSWER_CONCURRENCY, DEFAULT_MAX_BACKLOG, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks } from '../shared/background.js';
import { adapterLogger } from '../shared/logger.js';
import { parseJsonObject, registerRawBodyRoutes } from '../shared/raw-body-scope.js';
import { WebhookRejection } from '../shared/rejection.js';
import { safeAccept } from '../shared/safe-handle.js';
import { adapterSendContext, answerMessage, startDingtalkResumeSweep } from './answer-message.js';
import type { ResumeSweep } from '../shared/resume-sweep.js';
import { decodeDingtalkMessage } from './decode-message.js';
import { verifyDingtalkSignature } from './verify-signature.js';
import { nodeFetch } from '../shared/node-fetch.js';
import { RawJson } from '../../../db/repositories/inbound-messages.js';
import { reply } from '../../core/reply.js';

export const DINGTALK_WEBHOOK_PATH = '/webhooks/dingtalk';

/** Sent instead of an answer when too many messages are waiting (the message itself was not handled). */
export const BUSY_NOTICE = '抱歉，现在消息较多，这条消息没能处理，请过一两分钟再发一次。';
const NOTICE_CONCURRENCY = 16;
const RECENT_ANSWERED = 10_000;
/** Busy notices waiting to go out, per allowed answer backlog: a notice is a parsed callback, about 2 KB. */
const NOTICE_BACKLOG_FACTOR = 5;

/**
 * DingTalk enterprise robot, HTTP message-receive mode (DINGTALK_MODE=http): signed JSON POSTs at
 * /webhooks/dingtalk. We verify, record the message with its callback, answer 200 (the platform's timeout is
 * UNCONFIRMED, §7.5, and slow handlers draw duplicates, §5), then run the handler and answer through the
 * sessionWebhook; a record left unanswered by a process that died is answered by the resume sweep. At most
 * ANSWER_CONCURRENCY answers are worked on at once. Past maxBacklog waiting, a callback is acknowledged but not
 * handled, and its sender is told at once to ask again (BUSY_NOTICE): DingTalk's FAQ calls robot messages
 * fire-and-forget (§5), so a 503 might never come back, and the question would be lost without a word.
 */
export function createDingtalkHttpAdapter(opts: AdapterOptions): AdapterWithIdle {
  const { config } = opts;
  const now = opts.now ?? (() => new Date());
  const fetchFn = opts.fetch ?? nodeFetch;
  const log = adapterLogger(opts.logger);
  const tasks = createBackgroundTasks(() => log, { concurrency: ANSWER_CONCURRENCY });
  const maxBacklog = opts.maxBacklog ?? DEFAULT_MAX_BACKLOG;
  // Busy notices are one short POST each; they get their own few slots so they are not stuck behind answers.
  const notices = createBackgroundTasks(() => log, { concurrency: NOTICE_CONCURRENCY });
  /** msgIds of the messages in `tasks`, and of the latest RECENT_ANSWERED that left it. */
  const waiting = new Set<string>();
  /** Recordings under way, by msgId: a redelivery arriving meanwhile is acknowledged after it. */
  const accepting = new Map<string, Promise<unknown>>();
  const answered = new Set<string>();
  // stop() cuts short the waits of answers to be sent again, so they do not hold it up.
  const sendCtx = adapterSendContext({ oapiBase: config.DINGTALK_OAPI_BASE, fetch: fetchFn, now, log, retryDelaysMs: opts.retryDelaysMs });

  function refuse(res: FastifyReply, err: WebhookRejection) {
    log.warn({ platform: 'dingtalk', code: err.code }, 'dingtalk callback rejected');
    return res.code(err.status).send(err.toJSON());
  }

  let sweep: ResumeSweep | undefined;
  const drain = async () => {
    await sweep?.idle();
    await Promise.all([tasks.drain(), notices.drain()]);
  };
  const stop = async () => {
    sendCtx.stopRetrying();
    await sweep?.stop();
    await drain();
  };

  async function onPost(req: FastifyRequest, res: FastifyReply) {
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const check = verifyDingtalkSignature({
      timestamp: header('timestamp'),
      sign: header('sign'),
      appSecret: config.DINGTALK_APP_SECRET,
      now: now(),
    });
    if (!check.ok) return refuse(res, new WebhookRejection(check.code));
    const body = parseJsonObject(req.body);
    const decoded = decodeDingtalkMessage(body, now());
    if (!decoded.ok) return refuse(res, new WebhookRejection('MALFORMED_BODY', decoded.reason));
    // Back-pressure: acknowledging is cheap and answering is not, so without a bound a burst would pile up
    // in memory with its answers ever later. Past the bound nothing is recorded (a redelivery, if DingTalk
    // sends one, is answered normally) and the sender hears why there is no answer.
    const { messageId } = decoded.message;
    // A redelivery of a message still waiting for its answer: that answer is coming. Acknowledged only once the
    // first delivery is recorded, as that one is.
    if (waiting.has(messageId)) {
      await accepting.get(messageId);
      return res.code(200).send('');
    }
    if (tasks.size >= maxBacklog) {
      // A redelivery of one answered lately would be ignored by the handler: no notice for it either.
      if (answered.has(messageId)) return res.code(200).send('');
      const fields = { platform: 'dingtalk', messageId, chatId: decoded.message.chatId, waiting: tasks.size };
      if (notices.size < maxBacklog * NOTICE_BACKLOG_FACTOR) {
        log.warn(fields, 'dingtalk message not handled: too many waiting; sender told to ask again');
        notices.run('dingtalk busy notice', async () => void (await answerMessage(decoded, reply(BUSY_NOTICE), sendCtx)));
      } else {
        log.error(fields, 'dingtalk message dropped: too many waiting, and too many busy notices to send');
      }
      return res.code(200).send('');
    }
    waiting.add(messageId);
    // Recorded, with the callback to answer it from, before the 200: if this process dies before answering,
    // the message is answered after the restart (or by another replica) instead of being lost once acknowledged.
    // Decoded for this request alone; the body is stored as it came (it parsed, so it is valid JSON).
    decoded.message.resume = new RawJson(req.body as string);
    const accepted = safeAccept(opts.handle, decoded.message, log);
    accepting.set(messageId, accepted);
    const rest = await accepted.finally(() => accepting.delete(messageId));
    tasks.run('dingtalk http message', async () => {
      try {
        // Nothing is delivered for a duplicate (a redelivered msgId).
        await rest((answer) => answerMessage(decoded, answer, sendCtx));
      } finally {
        waiting.delete(messageId);
        answered.add(messageId);
        if (answered.size > RECENT_ANSWERED) answered.delete(answered.values().next().value!);
      }
    });
    // Empty 200: answering in the HTTP body is UNCONFIRMED (§2b option 2), so the reply goes out of band.
    return res.code(200).send('');
  }

  return {
    name: 'dingtalk',
    async register(app: FastifyInstance) {
      log.adopt(app.log);
      await registerRawBodyRoutes(app, (scope) => scope.post(DINGTALK_WEBHOOK_PATH, onPost));
      app.addHook('onClose', stop);
    },
    /** After the server listens: answers what a stopped process acknowledged but did not answer. */
    async start() {
      sweep = startDingtalkResumeSweep(opts.handle, sendCtx, (messageId) => waiting.has(messageId));
    },
    stop,
    idle: drain,
  };
}
