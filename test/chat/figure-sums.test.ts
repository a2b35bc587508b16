import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { figureTotals, ledgerRows } from '../../src/confirmations/ledger.js';
import { loadPairs } from '../../src/confirmations/progress.js';
import { shanghaiDate, shanghaiNoon } from '../../src/core/clock.js';
import { replyText } from '../../src/core/reply.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/** What 机关工会 reports in its group, as heads write it, is what the year-end sums add up (example plan, 2026-07-10). */
let database: Database;
let chat: ChatHarness;

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  chat = await chatHarness({ database, today: '2026-07-10' });
});
afterAll(async () => database?.close());

describe('the year-end sums count each thing done once', () => {
  it('a part (其中), an amount per item (每期, 人均), a change (比去年多) and an ordinal (第二期) are not added to the totals', async () => {
    const figures = async (text: string) => {
      const t = await chat.as('赵主席', 'jiguan').says(text).expectReply('已记录');
      return /数据：(.*)/.exec(replyText(t.reply))?.[1] ?? '';
    };
    expect(await figures('完成 V4W5 托管120人，其中双职工子女80人')).toBe('120人');
    expect(await figures('完成 H8W8 共办2期，每期60人，合计120人')).toBe('2期、120人');
    expect(await figures('J5D8已完成 参加人数三百余人 比去年多50人')).toBe('三百余人');
    expect(await figures('完成 Y9G5 人均费用500元 共120人')).toBe('120人');
    expect(await figures('C8U7已完成，第二期也结束了')).toBe('');

    const { catalog, pairs } = await loadPairs(database.db, 2026, shanghaiDate(shanghaiNoon('2026-12-31')!));
    // 人 of four tasks, each counting something else (托管, 参加人数, a total, and 120人 of 慰问品): listed, not added.
    const totals = figureTotals(ledgerRows(catalog.tasks, pairs)).filter((f) => f.department === '机关工会');
    expect(totals.map((f) => [f.unit, f.total, f.what, f.tasks.map((t) => t.slice(0, 4)).join('、')])).toEqual([
      ['人', 120, '', 'Y9G5'], ['人', 300, '参加人数', 'J5D8'], ['人', 120, '托管', 'V4W5'], ['人', 120, '', 'H8W8'], ['期', 2, '办', 'H8W8'],
    ]);
  });
});
