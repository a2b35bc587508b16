import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTurnHandler } from '../../src/core/handle-message.js';
import type { IncomingMessage } from '../../src/core/message.js';
import { replyText } from '../../src/core/reply.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { freshDatabase } from '../helpers/db.js';
import { hasShared, sharedDir } from '../helpers/shared.js';

// Question fragments, so random messages also exercise the time, department and keyword readers.
const WORDS = ['本月', '下个月', '九月份', '十二月', '第三季度', '下半年', '2027年', '1月', '体检', '送清凉', '经审委',
  '我们', '组织人事处', '什么时候', '任务', 'K7Q2', '@工会助手', '\u2005', ' ', '？', '全年', '帮助', '计划列表', '进度'];
const EMOJI = ['😀', '👍🏻', '👨‍👩‍👧', '🇨🇳', '❤️', '\u200d', '\ufe0f'];
const PUNCT = [...'，。！？、；：“”‘’（）《》…—～·!?.,;:\'"()[]{}<>-_=+*/\\|@#$%^&`~'];

const message = (text: string, id: string): IncomingMessage => ({
  platform: 'console', messageId: id, chatId: '压力测试群', chatType: 'group', senderId: 'fuzz', text,
  mentionsBot: true, receivedAt: new Date('2026-07-10T02:00:00Z'),
});

describe('the message handler on hostile input', () => {
  let database: Database;
  const errors: unknown[] = [];
  let handle: ReturnType<typeof createTurnHandler>;
  let n = 0;
  beforeAll(async () => {
    database = await freshDatabase();
    if (hasShared) await importPlan(path.join(sharedDir, 'seeds/001_a870d388baf7d0b6.txt'), { database });
    handle = createTurnHandler({
      database, now: () => new Date('2026-07-10T02:00:00Z'),
      logger: { info: () => {}, warn: () => {}, error: (f) => { errors.push(f.err); } },
    });
  });
  afterAll(async () => database?.close());

  const answers = async (text: string) => {
    const turn = await handle(message(text, `fuzz-${++n}`));
    expect(turn).not.toBeNull();
    expect(replyText(turn!.reply).trim().length).toBeGreaterThan(0);
    expect(turn!.intent).not.toBe('error');
    expect(errors).toEqual([]);
  };

  it('answers random Unicode, including lone surrogates and NUL', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), answers), { numRuns: 60 });
  });

  it('answers emoji, punctuation-only and question-fragment soup', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(
      fc.array(fc.constantFrom(...EMOJI), { maxLength: 30 }).map((a) => a.join('')),
      fc.array(fc.constantFrom(...PUNCT), { minLength: 1, maxLength: 50 }).map((a) => a.join('')),
      fc.array(fc.constantFrom(...WORDS, ...EMOJI, ...PUNCT), { maxLength: 20 }).map((a) => a.join('')),
    ), answers), { numRuns: 80 });
  });

  it('answers 10 KB messages quickly', async () => {
    await fc.assert(fc.asyncProperty(
      fc.string({ unit: 'grapheme', minLength: 3000, maxLength: 3500 }).map((s) => s.repeat(3).slice(0, 10_240)),
      answers), { numRuns: 5 });
    const started = Date.now();
    await answers('本月任务'.repeat(2560));
    await answers('体检'.repeat(5120));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers empty and whitespace-only messages with help', async () => {
    for (const text of ['', '   ', '\u2005', '@工会助手', '@工会助手\u2005']) {
      const turn = await handle(message(text, `blank-${++n}`));
      expect(turn!.intent).toBe('help');
    }
  });
});
