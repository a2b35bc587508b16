import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import type { OutboundPush } from '../../src/outbox/senders.js';
import { createDingtalkOutboxSender, createWecomOutboxSender } from '../../src/platforms/index.js';
import { fakeClock } from '../fakes/clock.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-fake.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-fake.js';

const clock = fakeClock(1_700_000_000_000);
const text = '【任务#K7Q2】请各分会于7月31日前完成会员信息核对';
let wecom: FakeWecom;
let ding: FakeDingtalk;
beforeAll(async () => {
  wecom = await startFakeWecom({ keys: ['KEY_DEPT1', 'KEY_BUSY'], now: clock.now });
  ding = await startFakeDingtalk({ robots: { T1: 'SECtestsecret', BUSY: undefined }, now: clock.now });
});
afterAll(async () => {
  await wecom.close();
  await ding.close();
});

const push = (platform: string, target: Record<string, string> | null, mentions = { userIds: ['u1'], mobiles: ['13800001111'] }): OutboundPush => ({
  id: 1, dedupeKey: 'k', kind: 'kickoff', platform, robotKey: 'r', target,
  payload: { format: 'text', text, kind: 'kickoff', chatName: '一分会工作群', chatExternalId: 'cidDEPT1==', department: null, tasks: ['K7Q2'], mentions },
});

describe('outbox senders (src/outbox/senders.ts PlatformSender)', () => {
  it('WeCom: text through the chat webhook with @ by userid and mobile', async () => {
    const send = createWecomOutboxSender({ config: loadConfig({ WECOM_API_BASE: wecom.url }) });
    expect(await send(push('wecom', { webhook: `${wecom.url}/cgi-bin/webhook/send?key=KEY_DEPT1` }))).toEqual({ ok: true, response: undefined });
    expect(wecom.received.at(-1)!.body).toEqual({ msgtype: 'text', text: { content: text, mentioned_list: ['u1'], mentioned_mobile_list: ['13800001111'] } });
  });

  it('WeCom: 45009 becomes rateLimited; a bad key is not retried; no webhook is not retried', async () => {
    const send = createWecomOutboxSender({ config: loadConfig({ WECOM_API_BASE: wecom.url }) });
    for (let i = 0; i < 20; i++) await send(push('wecom', { webhook: 'KEY_BUSY' }));
    expect(await send(push('wecom', { webhook: 'KEY_BUSY' }))).toMatchObject({ ok: false, retryable: true, rateLimited: true });
    expect(await send(push('wecom', { webhook: 'KEY_GONE' }))).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('93000') });
    expect(await send(push('wecom', null))).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('未配置') });
  });

  it('DingTalk: a signed custom robot with @s', async () => {
    const send = createDingtalkOutboxSender({ config: loadConfig({ DINGTALK_OAPI_BASE: ding.url }), now: clock.date });
    expect(await send(push('dingtalk', { webhook: `${ding.url}/robot/send?access_token=T1`, secret: 'SECtestsecret' }))).toMatchObject({ ok: true });
    expect(ding.received.at(-1)!.body).toMatchObject({ msgtype: 'text', at: { atUserIds: ['u1'], atMobiles: ['13800001111'] } });
  });

  it('DingTalk: 130101 becomes rateLimited with the 10-minute wait in its message', async () => {
    const send = createDingtalkOutboxSender({ config: loadConfig({ DINGTALK_OAPI_BASE: ding.url }), now: clock.date });
    for (let i = 0; i < 20; i++) await send(push('dingtalk', { webhook: 'BUSY' }));
    expect(await send(push('dingtalk', { webhook: 'BUSY' })))
      .toMatchObject({ ok: false, rateLimited: true, retryAfterMs: 600_000, error: expect.stringContaining('10 分钟') });
  });

  it('DingTalk: without a robot, the OpenAPI sends to openConversationId (or the chat id) and keeps processQueryKey', async () => {
    const config = loadConfig({ DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: 'as', DINGTALK_API_BASE: ding.url, DINGTALK_OAPI_BASE: ding.url });
    const send = createDingtalkOutboxSender({ config, now: clock.date });
    expect(await send(push('dingtalk', { openConversationId: 'cidDEPT1==' }))).toMatchObject({ ok: true, response: { id: expect.stringMatching(/^pqk-/) } });
    expect(await send(push('dingtalk', null))).toMatchObject({ ok: true });
    expect(ding.received.filter((r) => r.path === '/v1.0/robot/groupMessages/send').map((r) => (r.body as { openConversationId: string }).openConversationId))
      .toEqual(['cidDEPT1==', 'cidDEPT1==']);
  });

  it('a page that is not the platform\'s answer (a proxy\'s HTML): tried again after a 200 or 5xx, not after a 404; said in Chinese', async () => {
    let status = 200;
    const proxy = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => { res.statusCode = status; res.setHeader('content-type', 'text/html'); res.end('<html>网关</html>'); });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const wecomSend = createWecomOutboxSender({ config: loadConfig({ WECOM_API_BASE: base }) });
      const dingSend = createDingtalkOutboxSender({ config: loadConfig({ DINGTALK_OAPI_BASE: base }), now: clock.date });
      const page = { ok: false, retryable: true, error: expect.stringMatching(/^(企业微信|钉钉)返回错误 HTTP 200：应答不是平台的格式/) };
      expect(await wecomSend(push('wecom', { webhook: 'KEY_DEPT1' }))).toMatchObject(page);
      expect(await dingSend(push('dingtalk', { webhook: `${base}/robot/send?access_token=T1` }))).toMatchObject(page);
      status = 502;
      expect(await wecomSend(push('wecom', { webhook: 'KEY_DEPT1' }))).toMatchObject({ ok: false, retryable: true });
      status = 404;
      expect(await wecomSend(push('wecom', { webhook: 'KEY_DEPT1' }))).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('HTTP 404') });
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
