import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { fakeClock } from '../fakes/clock.js';
import { wecomEnvelope } from '../fakes/sign-requests.js';
import { startBothPlatforms } from './app-harness.js';

/**
 * Confirmations through the real HTTP transports: signed and encrypted callbacks carrying a WeCom `quote`
 * or a DingTalk `repliedMsg` (every observed shape, platforms.md §3), over the real chat core and database.
 * The fixtures quote a reminder of task K7Q2; the example plan's 机关工会 task is V4W5, so the code is swapped.
 */
const fixture = (p: string) => JSON.parse(readFileSync(new URL(`../fixtures/platforms/${p}`, import.meta.url), 'utf8')
  .replaceAll('K7Q2', 'V4W5'));
const wecomQuote = fixture('wecom/quote-completion.json');
const wecomMixed = fixture('wecom/quote-completion-mixed.json');
const replied = fixture('dingtalk/replied-variants.json');
const dingSample = fixture('dingtalk/group-command.json');

const TODAY = new Date('2026-07-10T10:00:00+08:00');
const clock = fakeClock(TODAY.getTime());

let bot: Awaited<ReturnType<typeof startBothPlatforms>>;
beforeAll(async () => {
  bot = await startBothPlatforms({
    today: TODAY, clock, deadlineMs: 15_000,
    before: (database) => importDirectory(database, directorySchema.parse({
      chats: [
        { platform: 'wecom', id: 'CHAT-DEPT-1', name: '机关工会企业微信群', department: '机关工会' },
        { platform: 'dingtalk', id: 'cidDEPT1==', name: '机关工会钉钉群', department: '机关工会' },
      ],
      members: [
        { platform: 'wecom', id: 'branch_head_01', name: '赵主席', department: '机关工会', role: 'head' },
        { platform: 'dingtalk', id: 'zhangsan', name: '张三', department: '机关工会', role: 'head' },
      ],
    })).then(() => undefined),
  });
});
afterAll(async () => { await bot?.close(); });

const confirmations = () => bot.database.rows<{ status: string; department: string; member: string; source: string }>(
  sql`select c.status, d.name as department, m.external_id as member, c.source_message_id as source from confirmations c
    join tasks t on t.id = c.task_id join departments d on d.id = c.department_id left join members m on m.id = c.member_id
    where t.code = 'V4W5'`);

/** Posts an encrypted WeCom callback; returns the decrypted passive reply ('' for none). */
async function wecomSays(plain: Record<string, unknown>): Promise<string> {
  const e = wecomEnvelope({ ...plain, response_url: `${bot.wecom.url}/cgi-bin/aibot/response?response_code=${String(plain.msgid)}` });
  return bot.wecomReply(await bot.postWecom(e.query, e.body));
}

/** Posts a signed DingTalk callback and returns what the bot said through that message's sessionWebhook. */
async function dingSays(over: Record<string, unknown>, session: string): Promise<string[]> {
  const body = {
    ...dingSample.body, sessionWebhook: `${bot.ding.url}/robot/sendBySession?session=${session}`,
    sessionWebhookExpiredTime: clock.now() + 5_400_000, createAt: clock.now(), ...over,
  };
  expect((await bot.postDingtalk(body)).status).toBe(200);
  await bot.idle();
  return bot.sessionSaid(session).map((r) => JSON.stringify(r.body));
}

describe('WeCom: a quote of the reminder plus 已完成', () => {
  it('confirms the quoted task for the head’s department, answered in the encrypted passive reply', async () => {
    const reply = await wecomSays(wecomQuote);
    expect(reply).toContain('已记录：机关工会 完成 V4W5 职工子女暑期托管班');
    expect(await confirmations()).toEqual([{ status: 'done', department: '机关工会', member: 'branch_head_01', source: 'MSGID-2' }]);
  });

  it('a redelivered callback (same msgid) is absorbed: no reply, no second write', async () => {
    expect(await wecomSays(wecomQuote)).toBe('');
    expect(await confirmations()).toHaveLength(1);
    const [audit] = await bot.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'confirmation.done'`);
    expect(audit!.n).toBe(1);
  });

  it('撤销, then the mixed-message quote (“@工会助手 完成” + image) confirms again', async () => {
    expect(await wecomSays({ msgid: 'W-UNDO', aibotid: 'AIBOTID', chatid: 'CHAT-DEPT-1', chattype: 'group', from: { userid: 'branch_head_01' },
      msgtype: 'text', text: { content: '@工会助手 撤销 V4W5' } })).toContain('已撤销');
    expect(await wecomSays(wecomMixed)).toContain('已记录：机关工会 完成 V4W5');
    expect((await confirmations())[0]).toMatchObject({ status: 'done', source: 'MSGID-2M' });
  });

  it('收到 with a quote is an acknowledgement; someone who is not the head is refused', async () => {
    const ack = await wecomSays({ ...wecomQuote, msgid: 'W-ACK', text: { content: '@工会助手 收到' } });
    expect(ack).toContain('好的');
    expect(ack).not.toContain('已记录');
    const refused = await wecomSays({ ...wecomQuote, msgid: 'W-OTHER', from: { userid: 'someone_else' } });
    expect(refused).toContain('需由负责人（赵主席、张三）确认');
    expect((await confirmations())[0]).toMatchObject({ member: 'branch_head_01', source: 'MSGID-2M' });
  });

  it('a quote whose content has no task code (an image) asks for the code', async () => {
    const reply = await wecomSays({ ...wecomQuote, msgid: 'W-IMG', quote: { msgtype: 'image', image: { url: 'http://127.0.0.1:1/x.png' } } });
    expect(reply).toContain('请问是哪项任务');
  });
});

describe('DingTalk: text.repliedMsg in its observed shapes', () => {
  const undo = async (n: string) => expect((await dingSays({ msgId: `undo-${n}`, text: { content: ' 撤销 V4W5' } }, `U-${n}`)).join(''))
    .toContain('已撤销');

  it.each(['text', 'markdown', 'richText'] as const)('%s: “已完成” replying to the reminder confirms it', async (shape) => {
    await undo(shape);
    const said = await dingSays({ msgId: `reply-${shape}`, text: replied[shape] }, `S-${shape}`);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('已记录：机关工会 完成 V4W5');
    expect(await confirmations()).toEqual([{ status: 'done', department: '机关工会', member: 'zhangsan', source: `reply-${shape}` }]);
  });

  it('interactiveCard without content: the reply is still read as one, and the bot asks for the code', async () => {
    await undo('card');
    const said = await dingSays({ msgId: 'reply-card', text: replied.interactiveCard }, 'S-card');
    expect(said.join('')).toContain('请问是哪项任务');
    expect(said.join('')).toContain('V4W5');
    expect((await confirmations())[0]!.status).toBe('undone');
  });

  it('figures in the reply are stored; a redelivered callback is answered once and written once', async () => {
    const body = { msgId: 'reply-figures', text: { ...replied.text, content: ' 已完成 托管80人，3期' } };
    await dingSays(body, 'S-fig');
    const again = await dingSays(body, 'S-fig');
    expect(again).toHaveLength(1);
    const [row] = await bot.database.rows<{ figures: unknown; note: string }>(sql`select c.figures, c.note from confirmations c
      join tasks t on t.id = c.task_id where t.code = 'V4W5'`);
    expect(row).toEqual({ note: '托管80人，3期', figures: [{ value: 80, unit: '人', text: '80人' }, { value: 3, unit: '期', text: '3期' }] });
  });
});
