import { codesIn, parseReply, promisesLater } from '../src/confirmations/parse-reply.js';
import { answer, defineCommand } from '../src/core/router.js';

/**
 * "收到", "好的" (often quoting a reminder): an acknowledgement, never a completion. A short answer says
 * how to confirm once the work is done; nothing is recorded.
 */
export const acknowledge = defineCommand({
  name: 'acknowledge',
  match: (text, ctx) => {
    const p = parseReply(text, ctx.message.quotedText);
    if (p?.action === 'ack') return { ...p, later: false };
    // "还没弄好，下周完成", "收到，保证按时完成": the work is to come; said back so nobody thinks it was recorded.
    if (!p && promisesLater(text)) {
      const quotedCodes = ctx.message.quotedText === undefined ? [] : codesIn(ctx.message.quotedText);
      return { codes: codesIn(text), quotedCodes, quoted: ctx.message.quotedText !== undefined, later: true };
    }
    return null;
  },
  handle: (p, ctx) => {
    const code = p.codes[0] ?? (p.quotedCodes.length === 1 ? p.quotedCodes[0] : undefined);
    if (p.later) {
      return answer(code
        ? `好的，${code} 尚未完成，本条未作记录。完成后请@我回复“完成 ${code}”，可附简要情况。`
        : '好的，本条未记录为完成。任务完成后请@我回复“完成 任务编号”，也可以引用提醒消息回复“已完成”。');
    }
    if (!code && !p.quoted && /^(?:谢谢|感谢|多谢|辛苦了)/.test(ctx.text.trim())) return answer('不客气，有需要随时@我。');
    return answer(code
      ? `好的。${code} 完成后请@我回复“完成 ${code}”，可附简要情况（如“完成 ${code} 慰问120人”）。`
      : '好的。任务完成后请@我回复“完成 任务编号”，也可以引用提醒消息回复“已完成”。');
  },
});
