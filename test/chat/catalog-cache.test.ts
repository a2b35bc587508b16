import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTurnHandler } from '../../src/core/handle-message.js';
import type { IncomingMessage } from '../../src/core/message.js';
import { replyText } from '../../src/core/reply.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { createDb } from '../../db/client.js';
import { freshDatabase, onServer } from '../helpers/db.js';

/**
 * Each handler (as each bot process) keeps plans, tasks, departments, chats and members in memory between
 * messages. Whatever changes them, in this process, in another one, or by hand in SQL, is seen by the very
 * next message, because recording a message also reads the catalog version that triggers keep.
 */
const JULY = new Date('2026-07-10T02:00:00Z');
let seq = 0;
const msg = (text: string, o: Partial<IncomingMessage> = {}): IncomingMessage => ({
  platform: 'dingtalk', messageId: `cache-${++seq}`, chatId: 'cidCache==', chatType: 'group', chatName: '缓存测试群',
  senderId: 'uCache', senderName: '赵六', text, mentionsBot: true, receivedAt: JULY, ...o,
});

describe('cached plan data stays current', () => {
  let database: Database & { url: string };
  let dir: string;
  beforeAll(async () => {
    database = await freshDatabase();
    await loadExamples(database);
    dir = mkdtempSync(path.join(os.tmpdir(), 'planbot-cache-'));
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (handle: ReturnType<typeof createTurnHandler>, text: string, o: Partial<IncomingMessage> = {}) => {
    const t = await handle(msg(text, o));
    expect(t).not.toBeNull();
    return replyText(t!.reply);
  };

  it('an edited plan imported while the bot runs is in the next answer', async () => {
    const bot = createTurnHandler({ database, now: () => JULY });
    expect(await ask(bot, '本月任务')).toContain('送清凉高温慰问一线职工');
    expect(await ask(bot, '本月任务')).not.toContain('防汛抢险一线慰问');
    const edited = path.join(dir, 'plan-2026.md');
    copyFileSync(path.resolve(import.meta.dirname, '../../examples/plan-2026.md'), edited);
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(
      '| 9 |  | 职工子女暑期托管班 | 机关工会 |',
      '| 9 |  | 职工子女暑期托管班 | 机关工会 |\n| 9a | 7月 | 防汛抢险一线慰问 | 局工会、安全监督处 |',
    ));
    expect((await importPlan(edited, { database, actor: 'test' })).outcome).toBe('superseded');
    expect(await ask(bot, '本月任务')).toContain('防汛抢险一线慰问');
  });

  it('a chat bound through another bot process is answered as bound by this one', async () => {
    const here = createTurnHandler({ database, now: () => JULY });
    const there = createTurnHandler({ database, now: () => JULY, admins: ['dingtalk:uAdmin'] });
    const chat = { chatId: 'cidBindElsewhere==', chatName: '财务处工会群' };
    expect(await ask(here, '我们部门本月任务', chat)).toMatch(/还没有绑定|未绑定/);
    expect(await ask(there, '绑定 财务处', { ...chat, senderId: 'uAdmin' })).toContain('已将本群绑定到财务处');
    const answer = await ask(here, '我们部门有哪些任务', chat);
    expect(answer).toContain('财务处');
    expect(answer).toContain('职工互助保障计划参保');
  });

  it.runIf(onServer)('a transaction that changes the catalog holds nobody up before it commits (PostgreSQL)', async () => {
    const other = await createDb(database.url);
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`update departments set aliases = aliases where name = '财务处'`);
        // Another process changes a member meanwhile: its version bump must not wait for this transaction.
        const blocked = new Promise<string>((r) => setTimeout(() => r('blocked'), 3000).unref());
        const done = other.rows(sql`update members set name = name`).then(() => 'done');
        expect(await Promise.race([done, blocked])).toBe('done');
      });
    } finally {
      await other.close();
    }
  });

  it('a department alias added by hand in SQL is understood by the next message', async () => {
    const bot = createTurnHandler({ database, now: () => JULY });
    expect(await ask(bot, '财会科有哪些任务')).not.toContain('职工互助保障计划参保');
    await database.rows(sql`update departments set aliases = array_append(aliases, '财会科') where name = '财务处'`);
    expect(await ask(bot, '财会科有哪些任务')).toContain('职工互助保障计划参保');
  });

  it('messages arriving together after a change are all answered from the changed data (answers worked out early are not kept)', async () => {
    // answerEarly is on by default only on a server; here on either database.
    const bot = createTurnHandler({ database, now: () => JULY, answerEarly: true });
    const chat = { chatId: 'cidTogether==', chatName: '一同到达测试群' };
    // Warm: this chat and sender are cached, so the next questions are worked out during recording.
    expect(await ask(bot, '我们部门有哪些任务', chat)).toMatch(/还没有绑定|未绑定/);
    expect(await ask(bot, '我们部门有哪些任务', chat)).toMatch(/还没有绑定|未绑定/);
    await database.rows(sql`update chats set department_id = (select id from departments where name = '财务处')
      where external_id = 'cidTogether=='`);
    const answers = await Promise.all([1, 2, 3].map(() => ask(bot, '我们部门有哪些任务', chat)));
    for (const a of answers) expect(a).toContain('职工互助保障计划参保');
    expect(await ask(bot, '我们部门有哪些任务', chat)).toContain('职工互助保障计划参保');
  });
});
