import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { createDingtalkStreamAdapter, type DingtalkStreamAdapter } from '../../../src/platforms/dingtalk/stream-adapter.js';
import { waitFor } from '../../fakes/clock.js';
import { startFakeDingtalk, type FakeDingtalk } from '../../fakes/dingtalk-fake.js';
import { recordingHandler } from '../../fakes/recording-handler.js';
import { spyFetch } from '../app-harness.js';
import { captureLogger } from '../../fakes/capture-logger.js';

const sample = JSON.parse(readFileSync(new URL('../../fixtures/platforms/dingtalk/group-command.json', import.meta.url), 'utf8'));
let fake: FakeDingtalk;
let adapter: DingtalkStreamAdapter | undefined;
beforeEach(async () => {
  fake = await startFakeDingtalk({ appSecret: 'as-SECRET-1' });
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
});

const cap = captureLogger();

async function start(o: { handler?: ReturnType<typeof recordingHandler>; secret?: string; wait?: boolean; retryDelaysMs?: number[] } = {}) {
  const handler = o.handler ?? recordingHandler();
  const config = loadConfig({
    DINGTALK_MODE: 'stream', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: o.secret ?? 'as-SECRET-1',
    DINGTALK_API_BASE: fake.url, DINGTALK_OAPI_BASE: fake.url,
  });
  const spy = spyFetch();
  adapter = createDingtalkStreamAdapter({ config, handle: handler.handle, fetch: spy.fetch, retryBaseMs: 50, logger: cap.logger,
    retryDelaysMs: o.retryDelaysMs });
  await adapter.start();
  if (o.wait !== false) await waitFor(() => fake.connections === 1 && adapter!.connected, 5000, 'stream connection');
  return { handler, spy };
}

// The sample's createAt/expiry are from 2023; this adapter runs on the real clock, so give it a live session.
const message = (msgId: string, session = msgId) => ({
  ...sample.body, msgId, createAt: Date.now(), sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
  sessionWebhook: `${fake.url}/robot/sendBySession?session=${session}`,
});
const acks = (messageId: string) => fake.upFrames.filter((f) => f.headers?.messageId === messageId);
const sessionPosts = (session: string) => fake.received.filter((r) => r.path === '/robot/sendBySession' && r.query.session === session);

describe('DingTalk Stream mode (DINGTALK_MODE=stream, §6.2(c))', () => {
  it('opens the connection through the gateway at DINGTALK_API_BASE, subscribing to robot callbacks', async () => {
    await start();
    const open = fake.received.find((r) => r.path === '/v1.0/gateway/connections/open')!;
    expect(open.body).toMatchObject({ clientId: 'ak', clientSecret: 'as-SECRET-1', subscriptions: expect.arrayContaining([{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }]) });
  });

  it('acknowledges a robot callback explicitly with its messageId, then answers via sessionWebhook', async () => {
    const { handler } = await start();
    const id = fake.pushCallback(message('msgAAA=='));
    const [ack] = await waitFor(() => acks(id).length > 0 && acks(id), 5000, 'ack');
    expect(ack).toEqual({ code: 200, headers: { contentType: 'application/json', messageId: id }, message: 'OK', data: '{"response":null}' });
    await waitFor(() => sessionPosts('msgAAA==').length, 5000, 'answer');
    expect(sessionPosts('msgAAA==')[0]!.body).toMatchObject({ msgtype: 'markdown', at: { atUserIds: ['zhangsan'] } });
    expect(handler.messages[0]).toMatchObject({ platform: 'dingtalk', messageId: 'msgAAA==', chatId: 'cidDEPT1==', text: '本月任务' });
  });

  it('a redelivery (same data.msgId, new headers.messageId) is acked again but answered once', async () => {
    const { handler } = await start();
    const a = fake.pushCallback(message('msgRE=='));
    const b = fake.pushCallback(message('msgRE=='));
    await waitFor(() => acks(a).length && acks(b).length && handler.calls === 2, 5000, 'both acks');
    await adapter!.idle();
    expect(sessionPosts('msgRE==')).toHaveLength(1);
  });

  it('stopping does not wait out the pause before a failed answer is sent again: it is sent at once, and the stop completes', async () => {
    await start({ retryDelaysMs: [600_000] });
    fake.failSession('msgSTOP==', 'busy');
    fake.pushCallback(message('msgSTOP=='));
    await waitFor(() => sessionPosts('msgSTOP==').length === 1, 5000, 'first try');
    const stopped = await Promise.race([
      adapter!.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(r, 5_000, 'still waiting')),
    ]);
    expect(stopped).toBe('stopped');
    expect(sessionPosts('msgSTOP==')).toHaveLength(2);
    expect(JSON.stringify(sessionPosts('msgSTOP==')[1]!.body)).toContain('收到：本月任务');
  });

  it('echoes SYSTEM ping frames', async () => {
    await start();
    fake.ping('o-1');
    const [echo] = await waitFor(() => acks('p-o-1').length > 0 && acks('p-o-1'), 5000, 'ping echo');
    expect(echo).toMatchObject({ code: 200, message: 'OK', data: '{"opaque":"o-1"}' });
  });

  it('survives a dropped connection: reconnects with a fresh ticket and keeps answering', async () => {
    await start();
    fake.dropAll();
    await waitFor(() => fake.accepted === 2 && fake.connections === 1 && adapter!.connected, 5000, 'reconnect');
    fake.pushCallback(message('msgAFTER=='));
    await waitFor(() => sessionPosts('msgAFTER==').length, 5000, 'answer after reconnect');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.connections).toBe(1); // one reconnect loop, not several
  });

  it('a frame that is not JSON, or callback data that is not JSON, is dropped without harm', async () => {
    const { handler } = await start();
    fake.sendRaw('not json at all');
    const id = fake.pushCallback('oops' as unknown as object);
    await waitFor(() => acks(id).length, 5000, 'ack of bad data');
    fake.pushCallback(message('msgOK=='));
    await waitFor(() => sessionPosts('msgOK==').length, 5000, 'answer');
    expect(handler.messages.map((m) => m.messageId)).toEqual(['msgOK==']);
  });

  it('a callback whose text is not a string is acknowledged and read as no text; the bot keeps running and answering', async () => {
    const { handler } = await start();
    const odd = fake.pushCallback({ ...message('msgODD=='), text: { content: { x: 1 } } });
    await waitFor(() => acks(odd).length, 5000, 'ack of the odd callback');
    fake.pushCallback(message('msgNEXT=='));
    await waitFor(() => sessionPosts('msgNEXT==').length, 5000, 'answer after it');
    expect(handler.messages.map((m) => [m.messageId, m.text])).toEqual([['msgODD==', ''], ['msgNEXT==', '本月任务']]);
  });

  it('a sessionWebhook outside DINGTALK_OAPI_BASE is refused: nothing is sent', async () => {
    const { spy, handler } = await start();
    const before = spy.calls.length;
    fake.pushCallback({ ...message('msgEVIL=='), sessionWebhook: 'http://127.0.0.2:9/robot/sendBySession?session=X' });
    await waitFor(() => handler.messages.length, 5000, 'handler');
    await adapter!.idle();
    expect(spy.calls.slice(before)).toEqual([]);
  });

  it('a refused gateway (wrong secret) is retried with backoff, not fatal', async () => {
    await start({ secret: 'wrong', wait: false });
    await waitFor(() => fake.received.filter((r) => r.path === '/v1.0/gateway/connections/open').length >= 3, 5000, 'retries');
    expect(adapter!.connected).toBe(false);
    expect(fake.accepted).toBe(0);
    // DingTalk's own reason is passed on, with what to check, and /readyz hears of it (adapter.problem).
    expect(adapter!.problem?.()).toContain('InvalidAuthentication');
    expect(adapter!.problem?.()).toContain('DINGTALK_APP_SECRET');
    expect(cap.text()).toContain('dingtalk stream: credentials refused');
    expect(cap.text()).not.toContain('wrong');
  });

  it('prints nothing past the bot\'s logger while connecting, reconnecting and stopping (the SDK\'s own console lines)', async () => {
    const printed: unknown[][] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const)
      .map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args)));
    try {
      await start();
      fake.dropAll();
      await waitFor(() => fake.accepted === 2 && adapter!.connected, 5000, 'reconnect');
      await adapter!.stop();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed).toEqual([]);
    expect(cap.lines.some((l) => l.includes('dingtalk stream connected'))).toBe(true);
  });

  it('never logs the AppSecret or a sessionWebhook (after connects, drops, failed sends)', async () => {
    await start();
    fake.dropAll();
    await waitFor(() => fake.accepted === 2 && adapter!.connected, 5000, 'reconnect');
    fake.expireSession('SESSION-SECRET-2');
    fake.pushCallback(message('msgLOG==', 'SESSION-SECRET-2'));
    await waitFor(() => sessionPosts('SESSION-SECRET-2').length, 5000, 'failed send');
    await adapter!.idle();
    expect(cap.lines.length).toBeGreaterThanOrEqual(3);
    for (const secret of ['as-SECRET-1', 'SESSION-SECRET-2']) expect(cap.text()).not.toContain(secret);
  });
});
