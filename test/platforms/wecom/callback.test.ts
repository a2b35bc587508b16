import { readFileSync } from 'node:fs';
import { decrypt as officialDecrypt, getSignature } from '@wecom/crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { reply } from '../../../src/core/reply.js';
import { createWecomCallbackAdapter } from '../../../src/platforms/wecom/callback-adapter.js';
import type { PlatformLogger } from '../../../src/platforms/shared/logger.js';
import { freshDatabase } from '../../helpers/db.js';
import { captureLogger } from '../../fakes/capture-logger.js';
import { recordingHandler } from '../../fakes/recording-handler.js';
import { waitFor } from '../../fakes/clock.js';
import { WECOM_TEST, wecomEnvelope } from '../../fakes/sign-requests.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecom-fake.js';
import { spyFetch, startApp } from '../app-harness.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/platforms/wecom/${name}`, import.meta.url), 'utf8'));
const PATH = '/webhooks/wecom';
/** The recording handler's answer as markdown (rendered by the core's renderReply). */
const echoed = (text: string) => expect.stringMatching(new RegExp(`^\\*\\*回声\\*\\* *\\n收到：${text} *$`));

let fake: FakeWecom;
let database: Awaited<ReturnType<typeof freshDatabase>>;
const running: Array<() => Promise<void>> = [];

beforeAll(async () => {
  fake = await startFakeWecom();
  database = await freshDatabase();
});
afterEach(async () => {
  while (running.length) await running.pop()!();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

async function start(o: { handler?: ReturnType<typeof recordingHandler>; deadlineMs?: number; receiveId?: string; logger?: PlatformLogger } = {}) {
  const handler = o.handler ?? recordingHandler();
  const config = loadConfig({
    WECOM_MODE: 'callback',
    WECOM_TOKEN: WECOM_TEST.token,
    WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey,
    WECOM_RECEIVE_ID: o.receiveId,
    WECOM_API_BASE: fake.url,
  });
  const spy = spyFetch();
  const adapter = createWecomCallbackAdapter({ config, handle: handler.handle, fetch: spy.fetch, deadlineMs: o.deadlineMs, logger: o.logger });
  const srv = await startApp(config, database, [adapter]);
  running.push(srv.close);
  const post = (query: string, body: unknown) =>
    fetch(`${srv.base}${PATH}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { ...srv, handler, adapter, spy, post };
}

/** Decrypts a passive reply with the official package after checking its msgsignature. */
async function openReply(res: Response) {
  expect(res.status).toBe(200);
  const env = (await res.json()) as { encrypt: string; msgsignature: string; timestamp: number; nonce: string };
  expect(env.msgsignature).toBe(getSignature(WECOM_TEST.token, env.timestamp, env.nonce, env.encrypt));
  return { env, plain: JSON.parse(officialDecrypt(WECOM_TEST.encodingAesKey, env.encrypt).message) };
}

describe('GET /webhooks/wecom (URL verification, 101033)', () => {
  it('replays the §6.1(a) sample and echoes the plaintext', async () => {
    const s = await start();
    const res = await fetch(`${s.base}${PATH}?${fixture('url-verification.json').query}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1234567890123456789');
  });

  it('restores a "+" that arrived unescaped in echostr', async () => {
    const s = await start();
    const q = new URLSearchParams(fixture('url-verification.json').query);
    const raw = `msg_signature=${q.get('msg_signature')}&timestamp=1700000000&nonce=nonce123&echostr=${q.get('echostr')!.replace(/\//g, '%2F').replace(/=/g, '%3D')}`;
    expect(raw).toContain('+');
    expect(await (await fetch(`${s.base}${PATH}?${raw}`)).text()).toBe('1234567890123456789');
  });

  it('rejects a signature with one hex digit changed: 401, no plaintext', async () => {
    const s = await start();
    const q = new URLSearchParams(fixture('url-verification.json').query);
    const sig = q.get('msg_signature')!;
    q.set('msg_signature', sig.slice(0, -1) + (sig.endsWith('8') ? '9' : '8'));
    const res = await fetch(`${s.base}${PATH}?${q}`);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('1234567890123456789');
  });

  it('rejects a request without msg_signature: 401', async () => {
    const s = await start();
    const q = new URLSearchParams(fixture('url-verification.json').query);
    q.delete('msg_signature');
    expect((await fetch(`${s.base}${PATH}?${q}`)).status).toBe(401);
  });
});

describe('POST /webhooks/wecom (message callbacks)', () => {
  it('replays the §6.1(b) group command and answers with an encrypted finished stream', async () => {
    const s = await start();
    const f = fixture('group-command.json');
    const { plain, env } = await openReply(await s.post(f.query, f.body));
    expect(env.nonce).toBe('nonce123');
    expect(plain).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: echoed('本月任务') } });
    expect(plain.stream.id).toMatch(/^s-/);
    expect(s.handler.messages).toEqual([
      { platform: 'wecom', messageId: 'MSGID-1', chatId: 'CHATID', chatType: 'group', senderId: 'zhangsan',
        text: '本月任务', mentionsBot: true, receivedAt: expect.any(Date),
        // What a restarted process needs to answer it: the decrypted callback (with its response_url) and its time.
        resume: { callback: expect.objectContaining({ msgid: 'MSGID-1', response_url: expect.any(String) }), receivedAt: expect.any(Number) } },
    ]);
  });

  it('a redelivered msgid is acknowledged with an empty body and no second answer', async () => {
    const s = await start();
    const f = fixture('group-command.json');
    expect((await s.post(f.query, f.body)).headers.get('content-type')).toContain('json');
    const again = await s.post(f.query, f.body);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('');
    expect(s.handler.calls).toBe(2);
    expect(s.handler.messages).toHaveLength(1);
  });

  it('keeps the quoted reminder as quotedText (text and mixed messages, §6.1(c))', async () => {
    const s = await start();
    for (const name of ['quote-completion.json', 'quote-completion-mixed.json']) {
      const e = wecomEnvelope(fixture(name));
      expect((await s.post(e.query, e.body)).status).toBe(200);
    }
    expect(s.handler.messages.map((m) => [m.text, m.quotedText, m.chatId, m.senderId])).toEqual([
      ['已完成', '【任务#K7Q2】请各分会于7月31日前完成会员信息核对', 'CHAT-DEPT-1', 'branch_head_01'],
      ['完成', '【任务#K7Q2】请各分会于7月31日前完成会员信息核对', 'CHAT-DEPT-1', 'branch_head_01'],
    ]);
  });

  it('a single chat has no chatid: the user is the conversation', async () => {
    const s = await start();
    const e = wecomEnvelope(fixture('single-chat.json'));
    await openReply(await s.post(e.query, e.body));
    expect(s.handler.messages[0]).toMatchObject({ chatType: 'single', chatId: 'lisi', text: '组织人事处有哪些任务' });
  });

  it('a slow answer: empty 200 at the deadline, then one markdown POST to response_url', async () => {
    let release!: () => void;
    const s = await start({ handler: recordingHandler({ gate: new Promise<void>((r) => (release = r)) }), deadlineMs: 50 });
    const responseUrl = `${fake.url}/cgi-bin/aibot/response?response_code=RC-SLOW`;
    const e = wecomEnvelope({ ...fixture('quote-completion.json'), msgid: 'MSG-SLOW', response_url: responseUrl });
    const res = await s.post(e.query, e.body); // returns while the handler is still waiting
    expect(await res.text()).toBe('');
    release();
    await s.adapter.idle();
    const sent = fake.received.filter((r) => r.query.response_code === 'RC-SLOW');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: echoed('已完成') } });
  });

  it('WeCom gave up on the request before the answer was ready: the answer goes to response_url, once', async () => {
    let release!: () => void;
    const s = await start({ handler: recordingHandler({ gate: new Promise<void>((r) => (release = r)) }), deadlineMs: 5_000 });
    const responseUrl = `${fake.url}/cgi-bin/aibot/response?response_code=RC-GONE`;
    const e = wecomEnvelope({ ...fixture('quote-completion.json'), msgid: 'MSG-GONE', response_url: responseUrl });
    const abort = new AbortController();
    const posted = fetch(`${s.base}${PATH}?${e.query}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body), signal: abort.signal,
    }).catch((err: Error) => err.name);
    await waitFor(() => s.handler.calls === 1, 5000, 'the message reaches the handler');
    abort.abort(); // the connection closes with no response yet, well before the 5 s deadline
    expect(await posted).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 100));
    release();
    await s.adapter.idle();
    const sent = fake.received.filter((r) => r.query.response_code === 'RC-GONE');
    expect(sent.map((r) => r.body)).toEqual([{ msgtype: 'markdown', markdown: { content: echoed('已完成') } }]);
  });

  it('a response_url outside WECOM_API_BASE is refused: nothing is sent anywhere', async () => {
    const s = await start({ handler: recordingHandler({ delayMs: 100 }), deadlineMs: 1 });
    const e = wecomEnvelope({ ...fixture('quote-completion.json'), msgid: 'MSG-EVIL', response_url: 'http://127.0.0.2:9/steal?response_code=X' });
    expect(await (await s.post(e.query, e.body)).text()).toBe('');
    await s.adapter.idle();
    expect(s.handler.messages).toHaveLength(1);
    expect(s.spy.calls).toEqual([]);
  });

  it('a handler failure becomes a Chinese apology, not a 500', async () => {
    const s = await start({ handler: recordingHandler({ fail: true }) });
    const e = wecomEnvelope({ ...fixture('single-chat.json'), msgid: 'MSG-FAIL' });
    const { plain } = await openReply(await s.post(e.query, e.body));
    expect(plain.stream.content).toContain('抱歉，处理您的消息时出错了');
  });

  it('an answer over 20480 bytes is cut between lines with a summary', async () => {
    const long = Array.from({ length: 2000 }, (_, i) => `第${i}项：会员信息核对`);
    const s = await start({ handler: recordingHandler({ answer: () => reply(long, { title: '全年任务' }) }) });
    const e = wecomEnvelope({ ...fixture('single-chat.json'), msgid: 'MSG-LONG' });
    const { plain } = await openReply(await s.post(e.query, e.body));
    expect(Buffer.byteLength(plain.stream.content)).toBeLessThanOrEqual(20480);
    expect(plain.stream.content).toMatch(/^\*\*全年任务\*\* *\n第0项/);
    expect(plain.stream.content).toMatch(/还有 \d+ 行未显示/);
  });

  it('events (button click §6.1(d)) get an empty 200 and do not reach the handler', async () => {
    const s = await start();
    const e = wecomEnvelope(fixture('button-click.json'));
    const res = await s.post(e.query, e.body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(s.handler.calls).toBe(0);
  });

  it('a stream-refresh callback gets the finished content again; an unknown stream gets an empty body', async () => {
    const s = await start();
    const first = wecomEnvelope({ ...fixture('single-chat.json'), msgid: 'MSG-STREAM' });
    const { plain } = await openReply(await s.post(first.query, first.body));
    const refresh = (id: string) => wecomEnvelope({ msgid: `R-${id}`, aibotid: 'AIBOTID', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'stream', stream: { id } });
    const known = refresh(plain.stream.id);
    expect((await openReply(await s.post(known.query, known.body))).plain).toEqual(plain);
    const unknown = refresh('s-unknown');
    expect(await (await s.post(unknown.query, unknown.body)).text()).toBe('');
  });
});

describe('POST /webhooks/wecom rejects (one test per rule; the handler is never called)', () => {
  it('forged signature → 401', async () => {
    const s = await start();
    const e = wecomEnvelope(fixture('quote-completion.json'), { token: 'WrongToken' });
    const res = await s.post(e.query, e.body);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(s.handler.calls).toBe(0);
  });

  it('signature over a different ciphertext (body swapped) → 401', async () => {
    const s = await start();
    const a = wecomEnvelope(fixture('quote-completion.json'));
    const b = wecomEnvelope(fixture('single-chat.json'));
    expect((await s.post(a.query, b.body)).status).toBe(401);
    expect(s.handler.calls).toBe(0);
  });

  it('wrong receiveid when one is configured → 401', async () => {
    const s = await start({ receiveId: 'wwCORP' });
    const wrong = wecomEnvelope(fixture('quote-completion.json'), { receiveId: 'wwOTHER' });
    const res = await s.post(wrong.query, wrong.body);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'RECEIVE_ID_MISMATCH' });
    expect(s.handler.calls).toBe(0);
    const right = wecomEnvelope(fixture('quote-completion.json'), { receiveId: 'wwCORP' });
    expect((await s.post(right.query, right.body)).status).toBe(200);
  });

  it('malformed JSON, missing encrypt, non-JSON plaintext, plaintext without msgid → 400', async () => {
    const s = await start();
    const e = wecomEnvelope(fixture('quote-completion.json'));
    expect((await s.post(e.query, '{"encrypt": ')).status).toBe(400);
    expect((await s.post(e.query, { encrypt: 5 })).status).toBe(400);
    const notJson = wecomEnvelope('this is not json');
    expect((await s.post(notJson.query, notJson.body)).status).toBe(400);
    const noId = wecomEnvelope({ msgtype: 'text', text: { content: 'x' } });
    expect((await s.post(noId.query, noId.body)).status).toBe(400);
    expect(s.handler.calls).toBe(0);
  });

  it('body over 1 MB → 413', async () => {
    const s = await start();
    const e = wecomEnvelope(fixture('quote-completion.json'));
    const res = await s.post(e.query, JSON.stringify({ encrypt: e.encrypt, pad: 'x'.repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(s.handler.calls).toBe(0);
  });

  it('never logs the token, the AES key, or a response_url (its response_code)', async () => {
    const cap = captureLogger();
    const s = await start({ handler: recordingHandler({ delayMs: 50, fail: true }), deadlineMs: 1, logger: cap.logger });
    const forged = wecomEnvelope(fixture('single-chat.json'), { token: 'WrongToken' });
    await s.post(forged.query, forged.body);
    const evil = wecomEnvelope({ ...fixture('single-chat.json'), msgid: 'MSG-LOG', response_url: 'http://127.0.0.2:9/x?response_code=RC-SECRET-1' });
    await s.post(evil.query, evil.body);
    await s.adapter.idle();
    expect(cap.lines.length).toBeGreaterThanOrEqual(3); // rejection, handler failure, refused response_url
    for (const secret of [WECOM_TEST.token, WECOM_TEST.encodingAesKey, 'RC-SECRET-1']) expect(cap.text()).not.toContain(secret);
  });
});
