import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_DEADLINE_MS, type AdapterOptions, type AdapterWithIdle } from '../shared/adapter-options.js';
import { createBackgroundTasks, withinDeadline } from '../shared/background.js';
import { adapterLogger, describeUrl } from '../shared/logger.js';
import { registerRawBodyRoutes } from '../shared/raw-body-scope.js';
import { WebhookRejection } from '../shared/rejection.js';
import { safeHandle } from '../shared/safe-handle.js';
import { decodeWecomCallback } from './decode-callback.js';
import { openCallback, verifyUrl, type WecomKeys, type WecomQuery } from './open-callback.js';
import { finishedStream, newStreamId, renderStreamContent, sealReply } from './passive-reply.js';
import { sendToResponseUrl } from './send-response-url.js';
import { createStreamCache } from './stream-cache.js';
import { nodeFetch } from '../shared/node-fetch.js';

export const WECOM_WEBHOOK_PATH = '/webhooks/wecom';

/**
 * WeCom intelligent bot in URL-callback mode (WECOM_MODE=callback): GET handshake and encrypted JSON
 * POSTs at /webhooks/wecom. An answer ready within the deadline goes back as the encrypted passive
 * reply (a finished stream); a later one through the callback's response_url (platforms.md §1b, §5).
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
    const decoded = decodeWecomCallback(opened.plain, now());
    const seal = (plain: object) => res.send(sealReply(keys, plain, opened.nonce, now()));
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
    const work = safeHandle(opts.handle, message, log);
    const outcome = await withinDeadline(work, deadlineMs);
    if (!outcome.late) {
      if (!outcome.value) return res.send(''); // duplicate: acknowledge, say nothing
      const content = renderStreamContent(outcome.value);
      const streamId = newStreamId();
      streams.put(streamId, content);
      return seal(finishedStream(content, streamId));
    }
    // Too slow for a passive reply: acknowledge now, answer through response_url when ready.
    tasks.run('wecom response_url', async () => {
      const answer = await work;
      if (!answer) return;
      if (!responseUrl) {
        log.warn({ platform: 'wecom', messageId: message.messageId }, 'late answer dropped: callback had no response_url');
        return;
      }
      const markdown = renderStreamContent(answer);
      const result = await sendToResponseUrl({ responseUrl, apiBase: config.WECOM_API_BASE, markdown, fetch: fetchFn });
      if (!result.ok) {
        log.warn({ platform: 'wecom', messageId: message.messageId, url: describeUrl(responseUrl), result }, 'response_url send failed');
      }
    });
    return res.send('');
  }

  return {
    name: 'wecom',
    async register(app: FastifyInstance) {
      log.adopt(app.log);
      await registerRawBodyRoutes(app, (scope) => {
        scope.get(WECOM_WEBHOOK_PATH, onGet);
        scope.post(WECOM_WEBHOOK_PATH, onPost);
      });
      app.addHook('onClose', async () => tasks.drain());
    },
    async stop() {
      await tasks.drain();
    },
    idle: () => tasks.drain(),
  };
}
