import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { createMessageHandler } from '../../src/core/handle-message.js';
import { LIMITS, renderReply, byteLength } from '../../src/core/render-reply.js';
import { importDirectory, readDirectoryFile } from '../../src/directory/import-directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';
import { hasShared, sharedDir } from '../helpers/shared.js';

const seed = (name: string) => path.join(sharedDir, 'seeds', name);

describe.skipIf(!hasShared)('chat transcripts over the 2021 and 2026 seed plans', () => {
  let database: Database;
  let chat: ChatHarness;
  beforeAll(async () => {
    database = await freshDatabase();
    await importPlan(seed('000_98128339b69b1a76.txt'), { database });
    await importPlan(seed('001_a870d388baf7d0b6.txt'), { database });
    await importDirectory(database, await readDirectoryFile(path.resolve(import.meta.dirname, '../fixtures/chat-directory.yaml')));
    chat = await chatHarness({ database, today: '2026-07-10', admins: ['wecom:lisi'] });
  });
  afterAll(async () => database?.close());

  it('answers this month in the office group, month-specific first, all-year summarised', async () => {
    const t = await chat.as('张三', '局工会办公室群').says('@工会助手 本月任务')
      .expectReply(/2026年7月/, /职工互助保障、会员服务卡参保｜7月、12月｜局工会、机关工会、执法总队工会/, /全年任务 5 项：/);
    expect(t.tasks[0]!.title).toBe('职工互助保障、会员服务卡参保');
    expect(t.tasks.slice(-5).every((x) => x.allYear)).toBe(true);
  });

  it('answers 送清凉 from the year the day is in', async () => {
    chat.setToday('2021-07-05');
    await chat.as('张三', '局工会办公室群').says('送清凉什么时候').expectReply(/送清凉高温慰问（慰问一线）：7-8月/, /局工会/);
    await chat.as('张三', '局工会办公室群').says('本月任务').expectReply(/送清凉/).then((t) => expect(t.intent).toBe('query-tasks'));
    chat.setToday('2026-07-10');
  });

  it('shows outside-year windows with their year', async () => {
    await chat.as('王五', '局工会办公室群').says('换届选举什么时候')
      .expectReply('局工会换届选举：9月', '机关工会换届选举：2027年1月');
  });

  it('reads 我们 as the group’s department, and explains an unbound group', async () => {
    await chat.as('赵六', '组织人事处群').says('我们部门有哪些任务').expectReply(/^组织人事处 2026年/, '组织体检', '组织疗休养')
      .then((t) => expect(t.tasks.every((x) => x.departments.includes('组织人事处'))).toBe(true));
    await chat.as('赵六', '新建的群').says('我们部门本月任务').expectReply('还没有绑定部门');
  });

  it('looks a task up by its code, from any earlier answer', async () => {
    const t = await chat.as('张三', '局工会办公室群').says('体检什么时候').expectTasks('组织体检');
    const code = t.tasks[0]!.code;
    await chat.as('张三', '局工会办公室群').says(`${code.toLowerCase()}`).expectReply(`${code} 组织体检`, '时间：9月', '负责：局工会、组织人事处（局工会牵头）');
    await chat.as('张三', '局工会办公室群').says('Z9Z9').expectReply('没有找到编号为 Z9Z9 的任务');
  });

  it('helps, lists plans for admins only, and never stays silent', async () => {
    await chat.as('张三', '局工会办公室群').says('你能做什么').expectIntent('help');
    await chat.as('张三', '局工会办公室群').says('?').expectReply('本月任务');
    await chat.as('张三', '局工会办公室群').says('计划列表').expectReply('已导入的计划共 2 份');
    await chat.as('zhangsan', 'wrkTestChat', { platform: 'wecom' }).says('计划列表').expectReply('仅管理员');
    await chat.as('lisi', 'wrkTestChat', { platform: 'wecom' }).says('计划列表').expectReply('2026年');
    await chat.as('张三', '局工会办公室群').says('今天食堂吃什么').expectIntent('unknown')
      .then((t) => expect(t.reply.lines.join('')).toContain('本月任务'));
  });

  it('records chats and members on first sight without undoing directory bindings', async () => {
    await chat.as('zhangsan', 'wrkTestChat', { platform: 'wecom' }).says('我们部门有哪些任务').expectReply('执法总队工会');
    const [bound] = await database.rows<{ department_id: number | null; name: string }>(
      sql`select department_id, name from chats where platform = 'wecom' and external_id = 'wrkTestChat'`);
    expect(bound!.department_id).not.toBeNull();
    expect(bound!.name).toBe('执法总队工会群');
    const [member] = await database.rows<{ role: string }>(
      sql`select role from members where platform = 'wecom' and external_id = 'zhangsan'`);
    expect(member!.role).toBe('head');
    const [fresh] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from chats where platform = 'console' and external_id = '新建的群' and department_id is null`);
    expect(fresh!.n).toBe(1);
  });

  it('fits long answers into WeCom limits by splitting between lines', async () => {
    chat.setToday('2021-03-01');
    const t = await chat.as('张三', '局工会办公室群').says('全年任务').expectReply('2021年');
    chat.setToday('2026-07-10');
    for (const [format, maxBytes] of [['text', LIMITS.wecomText], ['markdown', LIMITS.wecomMarkdown]] as const) {
      const parts = renderReply(t.reply, { format, maxBytes });
      for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(maxBytes);
      expect(parts.join('\n')).toContain('12月');
    }
  });

  it('the MessageHandler platforms use returns the visible reply only', async () => {
    const handle = createMessageHandler({ database, now: () => new Date('2026-07-10T04:00:00Z') });
    const r = await handle({
      platform: 'dingtalk', messageId: 'dt-1', chatId: 'cidNew==', chatType: 'group', senderId: 'u1',
      text: ' 本月任务', mentionsBot: true, receivedAt: new Date(),
    });
    expect(r).not.toBeNull();
    expect(Object.keys(r!).sort()).toEqual(['footer', 'lines', 'title']);
    expect(chat.errors).toEqual([]);
  });
});
