import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { createDingtalkHttpAdapter } from '../../../src/platforms/dingtalk/http-adapter.js';
import type { PlatformLogger } from '../../../src/platforms/shared/logger.js';
import { freshDatabase } from '../../helpers/db.js';
import { captureLogger } from '../../fakes/capture-logger.js';
import { fakeClock } from '../../fakes/clock.js';
import { startFakeDingtalk, type FakeDingtalk } from '../../fakes/dingtalk-fake.js';
import { recordingHandler } from '../../fakes/recording-handler.js';
import { dingtalkHeaders } from '../../fakes/sign-requests.js';
import { spyFetch, startApp } from '../app-harness.js';

const fixtures = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/platforms/dingtalk/${name}`, import.meta.url), 'utf8'));
const sample = fixtures('group-command.json');
const replied = fixtures('replied-variants.json');
const T = 1_700_000_000_000;
const clock = fakeClock(T);

let fake: FakeDingtalk;
let database: Awaited<ReturnType<typeof freshDatabase>>;
const running: Array<() => Promise<void>> = [];
beforeAll(async () => {
  fake = await startFakeDingtalk({ now: clock.now });
  database = await freshDatabase();
});
beforeEach(() => clock.set(T));
afterEach(async () => {
  while (running.length) await running.pop()!();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

async function start(handler = recordingHandler(), logger?: PlatformLogger, maxBacklog?: number, retryDelaysMs: number[] = [5, 5]) {
  const config = loadConfig({ DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: 'testAppSecret', DINGTALK_OAPI_BASE: fake.url });
  const spy = spyFetch();
  // Failed answers are tried again after 1 s and 5 s in production; a few milliseconds here.
  const adapter = createDingtalkHttpAdapter({ config, handle: handler.handle, fetch: spy.fetch, now: clock.date, logger, maxBacklog,
    retryDelaysMs });
  const srv = await startApp(config, database, [adapter]);
  running.push(srv.close);
  const post = (body: unknown, headers: Record<string, string> = dingtalkHeaders(clock.now())) =>
    fetch(`${srv.base}/webhooks/dingtalk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { ...srv, handler, adapter, spy, post };
}

/** The §6.2(a) body with its sessionWebhook pointed at the fake (and any overrides). */
const body = (over: Record<string, unknown> = {}, session = 'S1') => ({
  ...sample.body,
  sessionWebhook: `${fake.url}/robot/sendBySession?session=${session}`,
  ...over,
});
const sessionPosts = (session: string) => fake.received.filter((r) => r.path === '/robot/sendBySession' && r.query.session === session);

describe('POST /webhooks/dingtalk (HTTP mode)', () => {
  it('replays the §6.2(a) sample: 200 at once, then a markdown answer @-ing the sender via sessionWebhook', async () => {
    const s = await start();
    const res = await s.post(body(), sample.headers);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await s.adapter.idle();
    expect(sessionPosts('S1').map((r) => r.body)).toEqual([
      // The @ is in the text too: DingTalk shows it only then (§2a).
      { msgtype: 'markdown', markdown: { title: '回声', text: expect.stringMatching(/^\*\*回声\*\* *\n收到：本月任务 *\n\n@zhangsan$/) },
        at: { atUserIds: ['zhangsan'], isAtAll: false } },
    ]);
    expect(s.handler.messages).toEqual([
      { platform: 'dingtalk', messageId: 'msgAAA==', chatId: 'cidDEPT1==', chatType: 'group', chatName: '一分会工作群',
        senderId: 'zhangsan', senderName: '张三', text: '本月任务', mentionsBot: true, receivedAt: new Date(T),
        // The whole callback, kept with the record until answered (a restart answers from it).
        resume: body() },
    ]);
  });

  it('answers the platform before a slow handler finishes', async () => {
    let release!: () => void;
    const s = await start(recordingHandler({ gate: new Promise<void>((r) => (release = r)) }));
    expect((await s.post(body({ msgId: 'msgSLOW==' }, 'S-SLOW'))).status).toBe(200);
    expect(sessionPosts('S-SLOW')).toHaveLength(0); // the handler is still waiting
    release();
    await s.adapter.idle();
    expect(sessionPosts('S-SLOW')).toHaveLength(1);
  });

  it('too many messages waiting for their answer: the sender is told at once to ask again, the message untouched, and asking again is answered', async () => {
    let release!: () => void;
    const s = await start(recordingHandler({ gate: new Promise<void>((r) => (release = r)) }), undefined, 3);
    for (const i of [1, 2, 3]) expect((await s.post(body({ msgId: `msgQ${i}==` }, `S-Q${i}`))).status).toBe(200);
    const busy = await s.post(body({ msgId: 'msgQ4==' }, 'S-Q4'));
    expect(busy.status).toBe(200);
    expect(await busy.text()).toBe('');
    // The notice goes out while the three answers are still waiting for the handler.
    await expect.poll(() => sessionPosts('S-Q4').length).toBe(1);
    const [notice] = sessionPosts('S-Q4');
    expect(JSON.stringify(notice!.body)).toContain('请过一两分钟再发一次');
    expect(notice!.body).toMatchObject({ at: { atUserIds: ['zhangsan'], isAtAll: false } });
    for (const i of [1, 2, 3]) expect(sessionPosts(`S-Q${i}`)).toHaveLength(0);
    expect(s.handler.messages.map((m) => m.messageId)).not.toContain('msgQ4==');
    // A redelivery of a message that is waiting for its answer is told nothing: the answer is coming.
    expect((await s.post(body({ msgId: 'msgQ2==' }, 'S-Q2'))).status).toBe(200);
    release();
    await s.adapter.idle();
    // Asked again (a redelivery, or the user sending it again): now it is handled and answered.
    expect((await s.post(body({ msgId: 'msgQ4==' }, 'S-Q4'))).status).toBe(200);
    await s.adapter.idle();
    expect(s.handler.messages.map((m) => m.messageId)).toContain('msgQ4==');
    await s.adapter.idle();
    for (const i of [1, 2, 3]) expect(sessionPosts(`S-Q${i}`).map((r) => JSON.stringify(r.body))).toEqual([expect.stringContaining('收到：本月任务')]);
    expect(sessionPosts('S-Q4').map((r) => JSON.stringify(r.body))).toEqual([
      expect.stringContaining('请过一两分钟再发一次'), expect.stringContaining('收到：本月任务'),
    ]);
  });

  it('a redelivered msgId gets exactly one answer, whether it comes while the first is answered or after', async () => {
    let release!: () => void;
    const s = await start(recordingHandler({ gate: new Promise<void>((r) => (release = r)) }));
    await s.post(body({ msgId: 'msgDUP==' }, 'S-DUP'));
    await s.post(body({ msgId: 'msgDUP==' }, 'S-DUP')); // the first is still being answered: not handled again
    expect(s.handler.calls).toBe(1);
    release();
    await s.adapter.idle();
    await s.post(body({ msgId: 'msgDUP==' }, 'S-DUP')); // answered already: the handler's dedupe says so
    await s.adapter.idle();
    expect(s.handler.calls).toBe(2);
    expect(sessionPosts('S-DUP')).toHaveLength(1);
  });

  it('reads repliedMsg in each observed shape as quotedText (§6.2(b))', async () => {
    const s = await start();
    for (const [shape, text] of Object.entries(replied)) {
      if (shape.startsWith('_')) continue;
      await s.post(body({ msgId: `msg-${shape}`, senderStaffId: 'branch_head_01', text }, `S-${shape}`));
    }
    await s.adapter.idle();
    expect(Object.fromEntries(s.handler.messages.map((m) => [m.messageId, [m.text, m.quotedText]]))).toEqual({
      'msg-text': ['已完成', '【任务#K7Q2】请各分会于7月31日前完成会员信息核对'],
      'msg-markdown': ['已完成', '#### 提醒\n\n【任务#K7Q2】请各分会于7月31日前完成会员信息核对'],
      'msg-interactiveCard': ['已完成', ''], // quoted, content unknown: the core asks for the code
      'msg-richText': ['已完成', '【任务#K7Q2】会员信息核对'],
    });
  });

  it('a single chat ("1") is answered without @', async () => {
    const s = await start();
    await s.post(body({ msgId: 'msgSINGLE==', conversationType: '1', conversationTitle: undefined }, 'S-SINGLE'));
    await s.adapter.idle();
    expect(s.handler.messages[0]).toMatchObject({ chatType: 'single', mentionsBot: true });
    expect(sessionPosts('S-SINGLE')[0]!.body).not.toHaveProperty('at');
  });

  it('a text that is not a string (the body is not signed) is read as no text, not a server error', async () => {
    const s = await start();
    const res = await s.post(body({ msgId: 'msgODD==', text: { content: 42 } }, 'S-ODD'));
    expect(res.status).toBe(200);
    await s.adapter.idle();
    expect(s.handler.messages.map((m) => m.text)).toEqual(['']);
  });

  it('a handler failure is answered with a Chinese apology', async () => {
    const s = await start(recordingHandler({ fail: true }));
    await s.post(body({ msgId: 'msgFAIL==' }, 'S-FAIL'));
    await s.adapter.idle();
    expect(JSON.stringify(sessionPosts('S-FAIL')[0]!.body)).toContain('抱歉，处理您的消息时出错了');
  });

  it('a sessionWebhook outside DINGTALK_OAPI_BASE is refused: the handler runs, nothing is sent', async () => {
    const s = await start();
    await s.post(body({ msgId: 'msgEVIL==', sessionWebhook: 'http://127.0.0.2:9/robot/sendBySession?session=X' }));
    await s.adapter.idle();
    expect(s.handler.messages).toHaveLength(1);
    expect(s.spy.calls).toEqual([]);
  });

  it('an answer DingTalk refused as busy, with a 5xx or a broken connection is sent again, and arrives once', async () => {
    const s = await start();
    fake.failSession('S-BLIP', 'busy', 'http502');
    await s.post(body({ msgId: 'msgBLIP==' }, 'S-BLIP'));
    fake.failSession('S-DROP', 'drop');
    await s.post(body({ msgId: 'msgDROP==' }, 'S-DROP'));
    await s.adapter.idle();
    // Two failures and the answer; a broken connection and the answer. Nothing after the answer got through.
    expect(sessionPosts('S-BLIP')).toHaveLength(3);
    expect(sessionPosts('S-DROP')).toHaveLength(2);
    for (const r of [...sessionPosts('S-BLIP'), ...sessionPosts('S-DROP')]) expect(JSON.stringify(r.body)).toContain('收到：本月任务');
  });

  it('an answer refused for good, or by the ten-minute rate block, is not sent again; a blip that lasts is given up after three tries', async () => {
    const { logger, lines } = captureLogger();
    const s = await start(recordingHandler(), logger);
    fake.failSession('S-LIMIT', 'rateLimited');
    await s.post(body({ msgId: 'msgLIMIT==' }, 'S-LIMIT'));
    fake.failSession('S-SIGN', 'signMismatch');
    await s.post(body({ msgId: 'msgSIGN==' }, 'S-SIGN'));
    fake.failSession('S-DOWN', 'busy', 'busy', 'busy', 'busy');
    await s.post(body({ msgId: 'msgDOWN==' }, 'S-DOWN'));
    await s.adapter.idle();
    expect(sessionPosts('S-LIMIT')).toHaveLength(1);
    expect(sessionPosts('S-SIGN')).toHaveLength(1);
    expect(sessionPosts('S-DOWN')).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l) as { msg?: string; messageId?: string });
    expect(entries.filter((e) => e.msg === 'dingtalk sessionWebhook send failed').map((e) => e.messageId).sort())
      .toEqual(['msgDOWN==', 'msgLIMIT==', 'msgSIGN==']);
  });

  it('stopping the bot does not wait out the pause before an answer is sent again: it is sent at once, and the stop completes', async () => {
    // Ten minutes between tries: a stop that waited them out would outlive the 10 s a stopping process has.
    const s = await start(recordingHandler(), undefined, undefined, [600_000, 600_000]);
    fake.failSession('S-STOP', 'busy');
    await s.post(body({ msgId: 'msgSTOP==' }, 'S-STOP'));
    await vi.waitFor(() => expect(sessionPosts('S-STOP')).toHaveLength(1));
    const stopped = await Promise.race([
      s.close().then(() => 'stopped'),
      new Promise((r) => setTimeout(r, 5_000, 'still waiting')),
    ]);
    expect(stopped).toBe('stopped');
    // The failed try, then the answer, sent during the stop; no third try.
    expect(sessionPosts('S-STOP')).toHaveLength(2);
    expect(JSON.stringify(sessionPosts('S-STOP')[1]!.body)).toContain('收到：本月任务');
  });

  it('an expired sessionWebhook is not called', async () => {
    const s = await start();
    await s.post(body({ msgId: 'msgOLD==', sessionWebhookExpiredTime: T - 1 }, 'S-OLD'));
    await s.adapter.idle();
    expect(s.spy.calls).toEqual([]);
  });
});

describe('POST /webhooks/dingtalk rejects (one test per rule; no handler call, nothing sent)', () => {
  const expectUntouched = async (s: Awaited<ReturnType<typeof start>>) => {
    await s.adapter.idle();
    expect(s.handler.calls).toBe(0);
    expect(s.spy.calls).toEqual([]);
  };

  it('forged sign → 401', async () => {
    const s = await start();
    const res = await s.post(body(), { ...sample.headers, sign: dingtalkHeaders(T, 'wrongSecret').sign });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'BAD_SIGNATURE' });
    await expectUntouched(s);
  });

  it('timestamp more than one hour old (the sample replayed later) → 401', async () => {
    const s = await start();
    clock.advance(60 * 60 * 1000 + 1);
    const res = await s.post(body(), sample.headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'STALE_TIMESTAMP' });
    await expectUntouched(s);
  });

  it('missing timestamp/sign headers → 401', async () => {
    const s = await start();
    expect((await s.post(body(), {})).status).toBe(401);
    await expectUntouched(s);
  });

  it('malformed JSON, or a body without msgId → 400', async () => {
    const s = await start();
    expect((await s.post('{"msgId": "x",')).status).toBe(400);
    expect((await s.post(body({ msgId: undefined }))).status).toBe(400);
    expect((await s.post('[1,2]')).status).toBe(400);
    await expectUntouched(s);
  });

  it('body over 1 MB → 413', async () => {
    const s = await start();
    const res = await s.post(body({ pad: 'x'.repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe('请求内容超过 1 MB，已拒绝。');
    await expectUntouched(s);
  });

  it('never logs the AppSecret, the sign, or a sessionWebhook (its session)', async () => {
    const cap = captureLogger();
    const s = await start(recordingHandler(), cap.logger);
    await s.post(body(), { ...sample.headers, sign: 'forged' });
    fake.expireSession('SESSION-SECRET-1');
    await s.post(body({ msgId: 'msgLOG==' }, 'SESSION-SECRET-1'));
    await s.adapter.idle();
    expect(cap.lines.length).toBeGreaterThanOrEqual(2); // rejection, failed send
    for (const secret of ['testAppSecret', sample.headers.sign, 'SESSION-SECRET-1']) expect(cap.text()).not.toContain(secret);
  });
});
