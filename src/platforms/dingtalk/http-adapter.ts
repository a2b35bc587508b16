import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANSWER_CONCURRENCY, DEFAULT_MAX_BACKLOG, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks } from '../shared/background.js';
import { adapterLogger } from '../shared/logger.js';
import { parseJsonObject, registerRawBodyRoutes } from '../shared/raw-body-scope.js';
import { WebhookRejection } from '../shared/rejection.js';
import { safeHandle } from '../shared/safe-handle.js';
import { answerMessage } from './answer-message.js';
import { decodeDingtalkMessage } from './decode-message.js';
import { verifyDingtalkSignature } from './verify-signature.js';
import { nodeFetch } from '../shared/node-fetch.js';

export const DINGTALK_WEBHOOK_PATH = '/webhooks/dingtalk';

/**
 * DingTalk enterprise robot, HTTP message-receive mode (DINGTALK_MODE=http): signed JSON POSTs at
 * /webhooks/dingtalk. We verify, answer 200 at once (the platform's timeout is UNCONFIRMED, §7.5, and slow
 * handlers draw duplicates, §5), then run the handler and answer through the sessionWebhook. At most
 * ANSWER_CONCURRENCY answers are worked on at once; past maxBacklog waiting, callbacks get 503.
 */
export function createDingtalkHttpAdapter(opts: AdapterOptions): AdapterWithIdle {
  const { config } = opts;
  const now = opts.now ?? (() => new Date());
  const fetchFn = opts.fetch ?? nodeFetch;
  const log = adapterLogger(opts.logger);
  const tasks = createBackgroundTasks(() => log, { concurrency: ANSWER_CONCURRENCY });
  const maxBacklog = opts.maxBacklog ?? DEFAULT_MAX_BACKLOG;

  function refuse(res: FastifyReply, err: WebhookRejection) {
    log.warn({ platform: 'dingtalk', code: err.code }, 'dingtalk callback rejected');
    if (err.status === 503) res.header('retry-after', '5');
    return res.code(err.status).send(err.toJSON());
  }

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
    const decoded = decodeDingtalkMessage(parseJsonObject(req.body), now());
    if (!decoded.ok) return refuse(res, new WebhookRejection('MALFORMED_BODY', decoded.reason));
    // Back-pressure: acknowledging is cheap and answering is not, so without a bound a burst would pile up
    // in memory with its answers ever later. Past the bound the platform is told to come back.
    if (tasks.size >= maxBacklog) return refuse(res, new WebhookRejection('BUSY', `${tasks.size} 条消息等待回复`));
    tasks.run('dingtalk http message', async () => {
      const answer = await safeHandle(opts.handle, decoded.message, log);
      if (!answer) return; // duplicate (redelivered msgId): no reply
      await answerMessage(decoded, answer, { oapiBase: config.DINGTALK_OAPI_BASE, fetch: fetchFn, now, log });
    });
    // Empty 200: answering in the HTTP body is UNCONFIRMED (§2b option 2), so the reply goes out of band.
    return res.code(200).send('');
  }

  return {
    name: 'dingtalk',
    async register(app: FastifyInstance) {
      log.adopt(app.log);
      await registerRawBodyRoutes(app, (scope) => scope.post(DINGTALK_WEBHOOK_PATH, onPost));
      app.addHook('onClose', async () => tasks.drain());
    },
    async stop() {
      await tasks.drain();
    },
    idle: () => tasks.drain(),
  };
}
