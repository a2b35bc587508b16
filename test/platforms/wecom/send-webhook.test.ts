import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWecomWebhookText, wecomResult } from '../../../src/platforms/wecom/send-webhook.js';
import { fakeClock } from '../../fakes/clock.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecom-fake.js';

const clock = fakeClock(1_700_000_000_000);
let fake: FakeWecom;
beforeAll(async () => {
  fake = await startFakeWecom({ keys: ['KEY_DEPT1', 'KEY_DEPT2', 'KEY_BURST'], now: clock.now });
});
afterAll(() => fake.close());

const text = '【任务#K7Q2】请各分会于7月31日前完成会员信息核对';

describe('sendWecomWebhookText (消息推送 webhook, §6.1(e))', () => {
  it('sends text with mentioned_mobile_list to /cgi-bin/webhook/send?key=', async () => {
    const r = await sendWecomWebhookText(fake.url, { webhook: 'KEY_DEPT1', content: text, mentionedMobiles: ['13800001111'] });
    expect(r).toEqual({ ok: true, kind: 'sent' });
    const got = fake.received.at(-1)!;
    expect([got.method, got.path, got.query]).toEqual(['POST', '/cgi-bin/webhook/send', { key: 'KEY_DEPT1' }]);
    expect(got.body).toEqual({ msgtype: 'text', text: { content: text, mentioned_mobile_list: ['13800001111'] } });
  });

  it('accepts the full webhook URL from the directory, sending to WECOM_API_BASE', async () => {
    const r = await sendWecomWebhookText(fake.url, { webhook: `${fake.url}/cgi-bin/webhook/send?key=KEY_DEPT2`, content: text, mentionedUserIds: ['@all'] });
    expect(r.ok).toBe(true);
    expect(fake.received.at(-1)!.body).toMatchObject({ text: { mentioned_list: ['@all'] } });
  });

  it('21st message in a minute → rate_limited (45009), accepted again once the minute has passed', async () => {
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await sendWecomWebhookText(fake.url, { webhook: 'KEY_BURST', content: `${text} ${i}` }));
    expect(results.slice(0, 20).every((r) => r.ok)).toBe(true);
    expect(results[20]).toMatchObject({ ok: false, kind: 'rate_limited', errcode: 45009, retryAfterMs: 60_000 });
    clock.advance(60_000);
    expect(await sendWecomWebhookText(fake.url, { webhook: 'KEY_BURST', content: text })).toMatchObject({ ok: true });
  });

  it('an errcode the webhook documentation does not list is tried again; a wrong request is not', () => {
    expect(wecomResult(200, { errcode: 60_020, errmsg: 'not allow to access from your ip' })).toMatchObject({ ok: false, kind: 'platform', retryable: true });
    expect(wecomResult(200, { errcode: -1, errmsg: 'system busy' })).toMatchObject({ retryable: true });
    for (const code of [93_000, 40_008, 40_058]) expect(wecomResult(200, { errcode: code, errmsg: 'x' }), String(code)).toMatchObject({ retryable: false });
  });

  it('an unknown key → platform error 93000, not retryable', async () => {
    expect(await sendWecomWebhookText(fake.url, { webhook: 'NO_SUCH_KEY', content: text })).toMatchObject({
      ok: false, kind: 'platform', errcode: 93000, retryable: false,
    });
  });

  it('a webhook URL on another origin is refused and nothing is sent', async () => {
    const before = fake.received.length;
    const r = await sendWecomWebhookText(fake.url, { webhook: 'https://evil.example/cgi-bin/webhook/send?key=KEY_DEPT1', content: text });
    expect(r).toMatchObject({ ok: false, kind: 'refused', reason: 'origin', retryable: false });
    expect(fake.received.length).toBe(before);
  });

  it('text over 2048 bytes is refused before sending', async () => {
    const r = await sendWecomWebhookText(fake.url, { webhook: 'KEY_DEPT1', content: '会'.repeat(683) }); // 2049 bytes
    expect(r).toMatchObject({ ok: false, kind: 'refused', reason: 'too_long' });
  });

  it('nothing listening → network error, retryable, no key in the message', async () => {
    const dead = await startFakeWecom();
    const url = dead.url;
    await dead.close();
    const r = await sendWecomWebhookText(url, { webhook: 'KEY_SECRET_123', content: text });
    expect(r).toMatchObject({ ok: false, kind: 'network', retryable: true });
    expect(JSON.stringify(r)).not.toContain('KEY_SECRET_123');
  });
});
