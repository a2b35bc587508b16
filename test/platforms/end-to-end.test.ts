import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../fakes/clock.js';
import { wecomEnvelope } from '../fakes/sign-requests.js';
import { startBothPlatforms } from './app-harness.js';

/**
 * Both HTTP transports in one app, over the real chat core (createMessageHandler) and a real database
 * holding the example plan: the documented sample requests go in, real answers come out.
 */
const wecomSample = JSON.parse(readFileSync(new URL('../fixtures/platforms/wecom/group-command.json', import.meta.url), 'utf8'));
const dingSample = JSON.parse(readFileSync(new URL('../fixtures/platforms/dingtalk/group-command.json', import.meta.url), 'utf8'));
const TODAY = new Date('2026-07-01T10:00:00+08:00');
const dingClock = fakeClock(1_700_000_000_000); // the DingTalk sample was signed at this instant

let bot: Awaited<ReturnType<typeof startBothPlatforms>>;
beforeAll(async () => {
  bot = await startBothPlatforms({ today: TODAY, clock: dingClock, deadlineMs: 4000 });
  expect(bot.adapters.map((a) => a.name)).toEqual(['wecom', 'dingtalk']);
});
afterAll(async () => { await bot?.close(); });

describe('end to end over the real chat core', () => {
  it('WeCom §6.1(b) "@工会助手 本月任务" gets this month’s tasks as an encrypted stream; the replay gets nothing', async () => {
    const content = await bot.wecomReply(await bot.postWecom(wecomSample.query, wecomSample.body));
    expect(content).toContain('送清凉高温慰问一线职工');
    expect(await bot.wecomReply(await bot.postWecom(wecomSample.query, wecomSample.body))).toBe('');
  });

  it('WeCom: a question in a single chat', async () => {
    const e = wecomEnvelope({ msgid: 'E2E-S1', aibotid: 'AIBOTID', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text',
      text: { content: '组织人事处有哪些任务' }, response_url: `${bot.wecom.url}/cgi-bin/aibot/response?response_code=E2E` });
    expect(await bot.wecomReply(await bot.postWecom(e.query, e.body))).toContain('组织职工疗休养');
  });

  it('DingTalk §6.2(a) " 本月任务" is answered through the sessionWebhook, once even when redelivered', async () => {
    const body = { ...dingSample.body, sessionWebhook: `${bot.ding.url}/robot/sendBySession?session=E2E` };
    expect((await bot.postDingtalk(body, dingSample.headers)).status).toBe(200);
    expect((await bot.postDingtalk(body, dingSample.headers)).status).toBe(200);
    await bot.idle();
    const answers = bot.sessionSaid('E2E');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatchObject({ msgtype: 'markdown', at: { atUserIds: ['zhangsan'] } });
    expect(JSON.stringify(answers[0]!.body)).toContain('送清凉高温慰问一线职工');
  });
});
