import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { APOLOGY, createMessageHandler, createTurnHandler } from '../../src/core/handle-message.js';
import type { IncomingMessage } from '../../src/core/message.js';
import { replyText } from '../../src/core/reply.js';
import { defineCommand, answer } from '../../src/core/router.js';
import { commands } from '../../commands/index.js';
import { freshDatabase, losesNextAnswer } from '../helpers/db.js';

const msg = (messageId: string, text = '本月任务', platform: IncomingMessage['platform'] = 'wecom'): IncomingMessage => ({
  platform, messageId, chatId: 'wrkRedeliver', chatType: 'group', chatName: '重投测试群', senderId: 'u1',
  senderName: '王五', text, mentionsBot: true, receivedAt: new Date('2026-07-10T02:00:00Z'),
});

/** Whether the message's turn completed, and whether a failed turn let go of it. */
const held = async (database: Database, id: string) => {
  const [r] = await database.rows<{ handled: boolean; released: boolean }>(sql`
    select handled_at is not null as handled, attempt is null as released from inbound_messages where message_id = ${id}`);
  return r;
};

const count = async (database: Database, table: string) =>
  (await database.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

describe('each message acts once', () => {
  let database: Database;
  beforeAll(async () => { database = await freshDatabase(); });
  afterAll(async () => database?.close());

  it('answers a message once; the redelivery returns null and writes nothing', async () => {
    const handle = createMessageHandler({ database });
    expect(await handle(msg('m-1'))).not.toBeNull();
    const before = { inbound: await count(database, 'inbound_messages'), chats: await count(database, 'chats'), members: await count(database, 'members') };
    expect(await handle(msg('m-1'))).toBeNull();
    expect(await handle(msg('m-1', '别的内容'))).toBeNull();
    expect({ inbound: await count(database, 'inbound_messages'), chats: await count(database, 'chats'), members: await count(database, 'members') })
      .toEqual(before);
    expect(before).toEqual({ inbound: 1, chats: 1, members: 1 });
    // The same id on another platform is another message.
    expect(await handle(msg('m-1', '本月任务', 'dingtalk'))).not.toBeNull();
  });

  it('concurrent redeliveries: exactly one is answered', async () => {
    const handle = createMessageHandler({ database });
    const results = await Promise.all(Array.from({ length: 5 }, () => handle(msg('m-concurrent'))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('a failing command writes nothing and leaves its message released: apology, then the redelivery is answered', async () => {
    let broken = true;
    const flaky = defineCommand({
      name: 'flaky',
      writes: true,
      match: (text) => (text === '试试' ? true : null),
      handle: async (_m, ctx) => {
        await ctx.db.execute(sql`insert into audit_log (actor, action) values ('test', 'flaky.write')`);
        if (broken) throw new Error('boom');
        return answer('好的');
      },
    });
    const logged: unknown[] = [];
    const handle = createTurnHandler({
      database, commands: [flaky, ...commands],
      logger: { info: () => {}, warn: () => {}, error: (f) => { logged.push(f); } },
    });
    const first = await handle(msg('m-flaky', '试试'));
    expect(first!.intent).toBe('error');
    expect(replyText(first!.reply)).toBe(APOLOGY);
    expect(logged).toMatchObject([{ messageId: 'm-flaky', platform: 'wecom' }]);
    expect(await held(database, 'm-flaky')).toEqual({ handled: false, released: true });
    expect((await database.rows(sql`select 1 from audit_log where action = 'flaky.write'`)).length).toBe(0);
    broken = false;
    const retry = await handle(msg('m-flaky', '试试'));
    expect(replyText(retry!.reply)).toBe('好的');
    expect(await handle(msg('m-flaky', '试试'))).toBeNull();
    expect((await database.rows(sql`select 1 from audit_log where action = 'flaky.write'`)).length).toBe(1);
    // The successful write and the handled mark committed together.
    expect(await held(database, 'm-flaky')).toEqual({ handled: true, released: false });
  });

  it('a question that fails after its message was recorded releases it, so its redelivery is answered', async () => {
    let broken = true;
    const fragile = defineCommand({
      name: 'fragile',
      match: (text) => (text === '问问' ? true : null),
      handle: () => { if (broken) throw new Error('boom'); return answer('答案'); },
    });
    const handle = createTurnHandler({ database, commands: [fragile, ...commands] });
    expect(replyText((await handle(msg('m-fragile', '问问')))!.reply)).toBe(APOLOGY);
    expect(await held(database, 'm-fragile')).toEqual({ handled: false, released: true });
    broken = false;
    expect(replyText((await handle(msg('m-fragile', '问问')))!.reply)).toBe('答案');
    expect(await handle(msg('m-fragile', '问问'))).toBeNull();
  });

  it('a record that committed while its connection broke is answered on redelivery, once', async () => {
    // The server commits the recording statement, then the connection drops before its answer arrives.
    const flaky = losesNextAnswer(database);
    const handle = createTurnHandler({ database: flaky });
    expect(replyText((await handle(msg('m-in-doubt')))!.reply)).toBe(APOLOGY);
    expect((await database.rows(sql`select 1 from inbound_messages where message_id = 'm-in-doubt'`)).length).toBe(1);
    // Another process has no way to know: to it this is a duplicate.
    expect(await createTurnHandler({ database })(msg('m-in-doubt'))).toBeNull();
    const redelivered = await handle(msg('m-in-doubt'));
    expect(redelivered!.intent).toBe('query-tasks');
    expect(await handle(msg('m-in-doubt'))).toBeNull();
  });

  it('with a warm cache (questions are then worked out while recording), a command that writes runs once per message', async () => {
    let runs = 0;
    const counted = defineCommand({
      name: 'counted',
      writes: true,
      match: (text) => (text === '记一笔' ? true : null),
      handle: async (_m, ctx) => {
        runs++;
        await ctx.db.execute(sql`insert into audit_log (actor, action) values ('test', 'counted.write')`);
        return answer('记好了');
      },
    });
    const handle = createTurnHandler({ database, commands: [counted, ...commands], answerEarly: true });
    // Warm: the chat, the sender and the catalog version are cached, so questions are worked out early.
    expect((await handle(msg('m-warm-1')))!.intent).toBe('query-tasks');
    expect((await handle(msg('m-warm-2')))!.intent).toBe('query-tasks');
    const results = await Promise.all([handle(msg('m-counted', '记一笔')), handle(msg('m-counted', '记一笔'))]);
    expect(results.filter((r) => r !== null).map((r) => replyText(r!.reply))).toEqual(['记好了']);
    expect(await handle(msg('m-counted', '记一笔'))).toBeNull();
    expect(runs).toBe(1);
    expect((await database.rows(sql`select 1 from audit_log where action = 'counted.write'`)).length).toBe(1);
  });

  it('apologises instead of throwing when the database is gone', async () => {
    const gone = await freshDatabase();
    const handle = createMessageHandler({ database: gone });
    expect(await handle(msg('m-before'))).not.toBeNull();
    await gone.close();
    const r = await handle(msg('m-gone'));
    expect(replyText(r!)).toBe(APOLOGY);
  });

  it('a failed recording is logged without the statement’s parameters (messages, DingTalk session tokens)', async () => {
    const gone = await freshDatabase();
    const lines: string[] = [];
    const logger = { info() {}, warn() {}, error: (o: object, m?: string) => void lines.push(JSON.stringify({ m, ...o })) };
    const handle = createMessageHandler({ database: gone, logger });
    await gone.close();
    const secret = { sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=SESSION-TOKEN-1' };
    expect(replyText((await handle({ ...msg('m-secret'), text: '私密的问题', resume: secret }))!)).toBe(APOLOGY);
    expect(lines.join('\n')).toContain('chat message not recorded');
    expect(lines.join('\n')).not.toMatch(/SESSION-TOKEN-1|私密的问题/);
  });
});
