import { RawJson } from '../../db/repositories/inbound-messages.js';
import type { IncomingMessage } from '../../src/core/message.js';
import type { MessageHandler } from '../../src/core/platform.js';
import { reply, type Reply } from '../../src/core/reply.js';

/**
 * Stand-in for the chat core in platform tests: records what arrived, dedupes on (platform, messageId)
 * the way the real handler does (null for a redelivery), and echoes the text back.
 */
export function recordingHandler(opts: {
  delayMs?: number;
  /** The handler waits until this settles: lets a test prove the platform was answered first. */
  gate?: Promise<unknown>;
  answer?: (m: IncomingMessage) => Reply;
  fail?: boolean;
} = {}) {
  const seen = new Set<string>();
  const messages: IncomingMessage[] = [];
  let calls = 0;
  const handle: MessageHandler = async (msg) => {
    calls++;
    const key = `${msg.platform}:${msg.messageId}`;
    if (seen.has(key)) return null;
    seen.add(key);
    // Its resume data as the database keeps it (adapters hand over a callback's JSON text as it came).
    messages.push(msg.resume instanceof RawJson ? { ...msg, resume: JSON.parse(msg.resume.text) as unknown } : msg);
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (opts.gate) await opts.gate;
    if (opts.fail) throw new Error('handler exploded');
    return opts.answer ? opts.answer(msg) : reply([`收到：${msg.text}`], { title: '回声' });
  };
  return {
    handle,
    messages,
    get calls() {
      return calls;
    },
  };
}
