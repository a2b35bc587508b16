import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Reply } from '../../core/reply.js';
import type { Fetch } from '../shared/post-json.js';
import { describeUrl, type PlatformLogger } from '../shared/logger.js';
import type { SendResult } from '../shared/send-result.js';
import type { MessageHandler } from '../../core/platform.js';
import { answerResumed, startResumeSweep, type ResumeOutcome, type ResumeSweep } from '../shared/resume-sweep.js';
import { decodeDingtalkMessage, type DecodedDingtalkMessage } from './decode-message.js';
import { renderDingtalkMarkdown } from './render-reply.js';
import { sendSessionWebhook } from './send-session-webhook.js';

/**
 * What answering through a sessionWebhook needs. `retryDelaysMs`: the waits before each further try of a send
 * that failed in a way trying again can help (default ANSWER_RETRY_DELAYS_MS). `stopping`: aborted when the
 * adapter stops; a send waiting to be tried again is then tried at once, one last time, so a stop is not held up
 * by the waits (the process has 10 s to stop before it is killed, and its handled marks written at the end).
 */
type SendContext = {
  oapiBase: string; fetch: Fetch; now: () => Date; log: PlatformLogger; retryDelaysMs?: readonly number[]; stopping?: AbortSignal;
};

/**
 * An adapter's SendContext, both transports alike, with `stopRetrying()` for its stop (aborts `stopping`). Every
 * answer waiting to be sent again listens to that signal (a busy DingTalk can make dozens wait): not a leak.
 */
export function adapterSendContext(o: Omit<SendContext, 'stopping'>): SendContext & { stopRetrying(): void } {
  const stopping = new AbortController();
  setMaxListeners(0, stopping.signal);
  return { ...o, stopping: stopping.signal, stopRetrying: () => stopping.abort() };
}

/**
 * A chat answer that DingTalk refused as busy (-1), answered with a 5xx, or that met a network failure is sent
 * again after 1 s and after 5 s more: a blip must not leave the question unanswered. (A timed-out send may have
 * arrived, so the answer can then come twice; a second copy is better than none.) A rate-limit block lasts ten
 * minutes and is not waited out.
 */
export const ANSWER_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000];

/**
 * Sends a handler's answer back into the conversation through the callback's sessionWebhook, one
 * markdown message per chunk, @-ing the sender in groups. Shared by the HTTP and Stream transports.
 */
export async function answerMessage(
  decoded: Extract<DecodedDingtalkMessage, { ok: true }>,
  answer: Reply,
  ctx: SendContext,
): Promise<SendResult[]> {
  const { message, sessionWebhook } = decoded;
  const logFields = { platform: 'dingtalk', messageId: message.messageId, chatId: message.chatId };
  if (!sessionWebhook) {
    ctx.log.warn(logFields, 'dingtalk answer dropped: callback had no sessionWebhook');
    return [];
  }
  const at = message.chatType === 'group' && decoded.senderStaffId
    ? { atUserIds: [decoded.senderStaffId], isAtAll: false }
    : undefined;
  const delays = ctx.retryDelaysMs ?? ANSWER_RETRY_DELAYS_MS;
  const results: SendResult[] = [];
  for (const payload of renderDingtalkMarkdown(answer, at)) {
    const send = () => sendSessionWebhook({
      sessionWebhook,
      expiresAt: decoded.sessionWebhookExpiresAt,
      oapiBase: ctx.oapiBase,
      payload,
      fetch: ctx.fetch,
      now: ctx.now(),
    });
    let result = await send();
    for (let i = 0; !result.ok && retryable(result) && i < delays.length && !ctx.stopping?.aborted; i++) {
      ctx.log.warn({ ...logFields, url: describeUrl(sessionWebhook), result }, 'dingtalk sessionWebhook send failed; will retry');
      // Cut short by a stop: the send is then tried at once, one last time.
      await delay(delays[i]!, undefined, { signal: ctx.stopping }).catch(() => {});
      result = await send();
    }
    results.push(result);
    if (!result.ok) {
      ctx.log.warn({ ...logFields, url: describeUrl(sessionWebhook), result }, 'dingtalk sessionWebhook send failed');
      break;
    }
  }
  return results;
}

/** Whether trying the same send again can help: not for a refusal, a bad request or a ten-minute rate block. */
const retryable = (r: SendResult) => !r.ok && r.kind !== 'rate_limited' && r.retryable;

/**
 * Handles and answers a callback that a stopped process had acknowledged but not answered (startResumeSweep),
 * as it arrived: its own time, its own sessionWebhook (which is refused once expired, and logged).
 */
async function resumeDingtalkMessage(
  data: unknown, handle: MessageHandler, ctx: SendContext,
): Promise<ResumeOutcome> {
  const createAt = (data as { createAt?: unknown } | null)?.createAt;
  const decoded = decodeDingtalkMessage(data, typeof createAt === 'number' ? new Date(createAt) : ctx.now());
  if (!decoded.ok || !decoded.sessionWebhook) return 'unusable';
  // Past its sessionWebhook's life nothing can be said in the chat: the message is given up, not acted on unseen.
  if (decoded.sessionWebhookExpiresAt !== undefined && decoded.sessionWebhookExpiresAt <= ctx.now().getTime()) return 'unusable';
  decoded.message.resume = data;
  return answerResumed(handle, decoded.message, ctx.log, (answer) => answerMessage(decoded, answer, ctx));
}

/** A DingTalk adapter's resume sweep: stored callbacks answered through their sessionWebhooks (either mode). */
export function startDingtalkResumeSweep(
  handle: MessageHandler, ctx: SendContext,
  holding: (messageId: string) => boolean,
): ResumeSweep {
  return startResumeSweep({ handle, platform: 'dingtalk', log: ctx.log, resume: (data) => resumeDingtalkMessage(data, handle, ctx), holding });
}
