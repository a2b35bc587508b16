import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { createDingtalkGroupSender } from '../../../src/platforms/dingtalk/send-group-message.js';
import { sendDingtalkRobot } from '../../../src/platforms/dingtalk/send-robot.js';
import { fakeClock } from '../../fakes/clock.js';
import { startFakeDingtalk, type FakeDingtalk } from '../../fakes/dingtalk-fake.js';

const T = 1_700_000_000_000;
const clock = fakeClock(T);
const text = '【任务#K7Q2】请各分会于7月31日前完成会员信息核对';
let fake: FakeDingtalk;
beforeAll(async () => {
  fake = await startFakeDingtalk({ robots: { T1: 'SECtestsecret', PLAIN: undefined, BURST: undefined }, now: clock.now });
});
beforeEach(() => clock.set(T));
afterAll(() => fake.close());

const robot = (o: Partial<Parameters<typeof sendDingtalkRobot>[1]> = {}) =>
  sendDingtalkRobot(fake.url, { webhook: 'T1', secret: 'SECtestsecret', msgtype: 'text', content: text, ...o }, { now: clock.date });

describe('sendDingtalkRobot (custom robot webhook, §6.2(d))', () => {
  it('signs with timestamp+sign exactly as the §6.2 vector and @s by mobile and userid', async () => {
    const r = await robot({ at: { mobiles: ['13800001111'], userIds: ['branch_head_01'] } });
    expect(r).toEqual({ ok: true, kind: 'sent' });
    const got = fake.received.at(-1)!;
    expect(got.path).toBe('/robot/send');
    expect(got.query).toEqual({ access_token: 'T1', timestamp: '1700000000000', sign: '7LVwF0dAF3/+MRRulbpE4y72Ogzykc6bS2nG4I99T4s=' });
    expect(got.body).toEqual({
      msgtype: 'text',
      text: { content: `${text}\n@13800001111 @branch_head_01` },
      at: { atMobiles: ['13800001111'], atUserIds: ['branch_head_01'], isAtAll: false },
    });
  });

  it('accepts the directory URL form and markdown; no sign without a secret', async () => {
    const r = await sendDingtalkRobot(fake.url, { webhook: `${fake.url}/robot/send?access_token=PLAIN`, msgtype: 'markdown', title: '提醒', content: text });
    expect(r.ok).toBe(true);
    expect(fake.received.at(-1)!.query).toEqual({ access_token: 'PLAIN' });
    expect(fake.received.at(-1)!.body).toEqual({ msgtype: 'markdown', markdown: { title: '提醒', text } });
  });

  it('a wrong secret → platform error 310000, not retryable', async () => {
    expect(await robot({ secret: 'SECwrong' })).toMatchObject({ ok: false, kind: 'platform', errcode: 310000, retryable: false });
  });

  it('a sign older than one hour → 310000 (the fake checks the window like the platform)', async () => {
    const r = await sendDingtalkRobot(fake.url, { webhook: 'T1', secret: 'SECtestsecret', msgtype: 'text', content: text }, { now: () => new Date(T - 3_600_001) });
    expect(r).toMatchObject({ ok: false, errcode: 310000 });
  });

  it('21st message in a minute → 130101 rate_limited with a 10-minute wait; still blocked after a minute, free after 10', async () => {
    const send = () => sendDingtalkRobot(fake.url, { webhook: 'BURST', msgtype: 'text', content: text });
    for (let i = 0; i < 20; i++) expect((await send()).ok).toBe(true);
    expect(await send()).toMatchObject({ ok: false, kind: 'rate_limited', errcode: 130101, retryAfterMs: 600_000 });
    clock.advance(61_000);
    expect(await send()).toMatchObject({ kind: 'rate_limited' });
    clock.advance(10 * 60_000);
    expect(await send()).toMatchObject({ ok: true });
  });

  it('a robot URL on another origin is refused and nothing is sent', async () => {
    const before = fake.received.length;
    expect(await robot({ webhook: 'https://evil.example/robot/send?access_token=T1' })).toMatchObject({ kind: 'refused', reason: 'origin' });
    expect(fake.received.length).toBe(before);
  });

  it('nothing listening → network error, retryable, no token or secret in it', async () => {
    const r = await sendDingtalkRobot('http://127.0.0.1:9', { webhook: 'TOKEN_SECRET_1', secret: 'SECxyz', msgtype: 'text', content: text });
    expect(r).toMatchObject({ ok: false, kind: 'network', retryable: true });
    expect(JSON.stringify(r)).not.toMatch(/TOKEN_SECRET_1|SECxyz/);
  });
});

describe('createDingtalkGroupSender (OpenAPI groupMessages/send)', () => {
  const sender = (over: Record<string, string> = {}) =>
    createDingtalkGroupSender({
      config: loadConfig({ DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: 'as', DINGTALK_API_BASE: fake.url, ...over }),
      now: clock.date,
    });
  const sends = () => fake.received.filter((r) => r.path === '/v1.0/robot/groupMessages/send');
  const tokenCalls = () => fake.received.filter((r) => r.path === '/v1.0/oauth2/accessToken');

  it('gets a token, sends sampleText with msgParam as a JSON string, returns the processQueryKey', async () => {
    const s = sender();
    const r = await s.sendText('cidDEPT1==', text);
    expect(r).toMatchObject({ ok: true, kind: 'sent', id: expect.stringMatching(/^pqk-/) });
    const got = sends().at(-1)!;
    expect(got.headers['x-acs-dingtalk-access-token']).toMatch(/^fake-token-/);
    expect(got.body).toEqual({ robotCode: 'ak', openConversationId: 'cidDEPT1==', msgKey: 'sampleText', msgParam: JSON.stringify({ content: text }) });
    expect(tokenCalls().at(-1)!.body).toEqual({ appKey: 'ak', appSecret: 'as' });
  });

  it('caches the token until shortly before expiry', async () => {
    const s = sender();
    const before = fake.tokensIssued;
    await s.sendMarkdown('cidDEPT1==', '提醒', text);
    await s.sendText('cidDEPT1==', text);
    expect(fake.tokensIssued).toBe(before + 1);
    clock.advance(7200_000 - 5 * 60_000);
    await s.sendText('cidDEPT1==', text);
    expect(fake.tokensIssued).toBe(before + 2);
  });

  it('a stale token (401) is refreshed once and the message retried', async () => {
    const s = sender();
    await s.sendText('cidDEPT1==', text);
    fake.revokeTokens();
    const before = { tokens: fake.tokensIssued, sends: sends().length };
    expect(await s.sendText('cidDEPT1==', text)).toMatchObject({ ok: true });
    expect(fake.tokensIssued).toBe(before.tokens + 1);
    expect(sends().length).toBe(before.sends + 2);
  });

  it('an unknown group → platform error with the OpenAPI code, not retryable', async () => {
    expect(await sender().sendText('cidNOPE==', text)).toMatchObject({
      ok: false, kind: 'platform', errcode: 'invalid.openConversationId', status: 400, retryable: false,
    });
  });

  it('wrong app credentials → platform error from the token call; nothing is sent', async () => {
    const before = sends().length;
    expect(await sender({ DINGTALK_APP_SECRET: 'bad' }).sendText('cidDEPT1==', text)).toMatchObject({ ok: false, kind: 'platform', status: 400 });
    expect(sends().length).toBe(before);
  });

  it('not configured → refused', async () => {
    expect(await sender({ DINGTALK_APP_KEY: '' }).sendText('cidDEPT1==', text)).toMatchObject({ kind: 'refused', reason: 'not_configured' });
  });
});
