import { readFileSync } from 'node:fs';
import { decrypt as officialDecrypt } from '@wecom/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { createMessageHandler } from '../../src/core/handle-message.js';
import { createPlatformAdapters } from '../../src/platforms/index.js';
import type { AdapterWithIdle } from '../../src/platforms/shared/adapter-options.js';
import { freshDatabase } from '../helpers/db.js';
import { fakeClock } from '../fakes/clock.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-fake.js';
import { WECOM_TEST, wecomEnvelope } from '../fakes/sign-requests.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-fake.js';
import { startApp } from './app-harness.js';

/**
 * Both HTTP transports in one app, over the real chat core (createMessageHandler) and a real database
 * holding the example plan: the documented sample requests go in, real answers come out.
 */
const wecomSample = JSON.parse(readFileSync(new URL('../fixtures/platforms/wecom/group-command.json', import.meta.url), 'utf8'));
const dingSample = JSON.parse(readFileSync(new URL('../fixtures/platforms/dingtalk/group-command.json', import.meta.url), 'utf8'));
const TODAY = new Date('2026-07-01T10:00:00+08:00');
const dingClock = fakeClock(1_700_000_000_000); // the DingTalk sample was signed at this instant

let wecom: FakeWecom;
let ding: FakeDingtalk;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let srv: Awaited<ReturnType<typeof startApp>>;
let adapters: AdapterWithIdle[];

beforeAll(async () => {
  [wecom, ding, database] = await Promise.all([startFakeWecom(), startFakeDingtalk({ now: dingClock.now }), freshDatabase()]);
  await loadExamples(database);
  const config = loadConfig({
    WECOM_MODE: 'callback', WECOM_TOKEN: WECOM_TEST.token, WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey, WECOM_API_BASE: wecom.url,
    DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: 'testAppSecret', DINGTALK_OAPI_BASE: ding.url,
  });
  const handle = createMessageHandler({ database, now: () => TODAY });
  adapters = createPlatformAdapters({ config, handle, now: dingClock.date, deadlineMs: 4000 }) as AdapterWithIdle[];
  expect(adapters.map((a) => a.name)).toEqual(['wecom', 'dingtalk']);
  srv = await startApp(config, database, adapters);
});
afterAll(async () => {
  await srv?.close();
  await Promise.all([wecom?.close(), ding?.close()]);
  await database?.close();
});

const postWecom = (query: string, body: unknown) =>
  fetch(`${srv.base}/webhooks/wecom?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const streamContent = async (res: Response) => {
  expect(res.status).toBe(200);
  const env = (await res.json()) as { encrypt: string };
  return JSON.parse(officialDecrypt(WECOM_TEST.encodingAesKey, env.encrypt).message).stream.content as string;
};

describe('end to end over the real chat core', () => {
  it('WeCom §6.1(b) "@工会助手 本月任务" gets this month’s tasks as an encrypted stream; the replay gets nothing', async () => {
    const content = await streamContent(await postWecom(wecomSample.query, wecomSample.body));
    expect(content).toContain('送清凉高温慰问一线职工');
    const again = await postWecom(wecomSample.query, wecomSample.body);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('');
  });

  it('WeCom: a question in a single chat', async () => {
    const e = wecomEnvelope({ msgid: 'E2E-S1', aibotid: 'AIBOTID', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text',
      text: { content: '组织人事处有哪些任务' }, response_url: `${wecom.url}/cgi-bin/aibot/response?response_code=E2E` });
    expect(await streamContent(await postWecom(e.query, e.body))).toContain('组织职工疗休养');
  });

  it('DingTalk §6.2(a) " 本月任务" is answered through the sessionWebhook, once even when redelivered', async () => {
    const body = { ...dingSample.body, sessionWebhook: `${ding.url}/robot/sendBySession?session=E2E` };
    const post = () => fetch(`${srv.base}/webhooks/dingtalk`, {
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...dingSample.headers }, body: JSON.stringify(body),
    });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    await Promise.all(adapters.map((a) => a.idle()));
    const answers = ding.received.filter((r) => r.query.session === 'E2E');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatchObject({ msgtype: 'markdown', at: { atUserIds: ['zhangsan'] } });
    expect(JSON.stringify(answers[0]!.body)).toContain('送清凉高温慰问一线职工');
  });
});
