import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { createWecomWebsocketAdapter, type WecomWebsocketAdapter } from '../../../src/platforms/wecom/websocket-adapter.js';
import { waitFor } from '../../fakes/clock.js';
import { recordingHandler } from '../../fakes/recording-handler.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecom-fake.js';
import { captureLogger } from '../../fakes/capture-logger.js';
import { buildApp } from '../../../src/app.js';
import { wsSendResult } from '../../../src/platforms/wecom/websocket-support.js';
import { freshDatabase } from '../../helpers/db.js';

let fake: FakeWecom;
let adapter: WecomWebsocketAdapter | undefined;
beforeEach(async () => {
  fake = await startFakeWecom({ botId: 'BOT', botSecret: 'S-SECRET-1' });
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
});

const cap = captureLogger();

async function start(handler = recordingHandler(), o: { deadlineMs?: number; heartbeatMs?: number; reconnectBaseMs?: number } = {}) {
  const config = loadConfig({ WECOM_MODE: 'websocket', WECOM_BOT_ID: 'BOT', WECOM_BOT_SECRET: 'S-SECRET-1', WECOM_WS_URL: fake.wsUrl });
  adapter = createWecomWebsocketAdapter({ config, handle: handler.handle, reconnectBaseMs: 50, logger: cap.logger, ...o });
  await adapter.start();
  await waitFor(() => fake.subscriptions > 0 && adapter!.connected, 5000, 'subscription');
  return handler;
}

const completion = (msgid: string) => ({
  msgid, aibotid: 'BOT', chatid: 'CHAT-1', chattype: 'group', from: { userid: 'zhangsan' }, msgtype: 'text',
  text: { content: '@工会助手 完成' }, quote: { msgtype: 'text', text: { content: '【任务#K7Q2】会员信息核对' } },
});
const responses = (reqId: string) => fake.frames.filter((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === reqId);

describe('WeCom long connection (WECOM_MODE=websocket, §6.1(f))', () => {
  it('subscribes with bot id and secret at WECOM_WS_URL', async () => {
    await start();
    expect(fake.frames.find((f) => f.cmd === 'aibot_subscribe')?.body).toEqual({ bot_id: 'BOT', secret: 'S-SECRET-1' });
  });

  it('a message callback reaches the handler and is answered with a finished stream on the same req_id', async () => {
    const h = await start();
    const reqId = fake.pushMessage(completion('MSG-1'));
    const [frame] = await waitFor(() => responses(reqId).length > 0 && responses(reqId), 5000, 'reply');
    expect(frame!.body).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: expect.stringMatching(/^\*\*回声\*\* *\n收到：完成 *$/) } });
    expect(h.messages[0]).toMatchObject({ platform: 'wecom', messageId: 'MSG-1', chatId: 'CHAT-1', text: '完成', quotedText: '【任务#K7Q2】会员信息核对' });
  });

  it('a redelivered msgid gets no reply', async () => {
    const h = await start();
    const first = fake.pushMessage(completion('MSG-DUP'));
    await waitFor(() => responses(first).length, 5000, 'first reply');
    const second = fake.pushMessage(completion('MSG-DUP'));
    await waitFor(() => h.calls === 2, 5000, 'second call');
    await adapter!.idle();
    expect(responses(second)).toEqual([]);
  });

  it('a slow answer opens the stream with a notice and finishes it later (same stream id)', async () => {
    let release!: () => void;
    await start(recordingHandler({ gate: new Promise<void>((r) => (release = r)) }), { deadlineMs: 50 });
    const reqId = fake.pushMessage(completion('MSG-SLOW'));
    await waitFor(() => responses(reqId).length === 1, 5000, 'notice frame');
    release();
    const frames = await waitFor(() => responses(reqId).length === 2 && responses(reqId), 5000, 'two frames');
    const [a, b] = frames.map((f) => f.body as { stream: { id: string; finish: boolean; content: string } });
    expect(a!.stream).toMatchObject({ finish: false, content: '正在查询，请稍候…' });
    expect(b!.stream).toMatchObject({ id: a!.stream.id, finish: true, content: expect.stringMatching(/^\*\*回声\*\* *\n收到：完成 *$/) });
  });

  it('sendMarkdown pushes aibot_send_msg; a platform refusal comes back typed', async () => {
    await start();
    expect(await adapter!.sendMarkdown('CHAT-1', '**提醒**')).toEqual({ ok: true, kind: 'sent' });
    expect(fake.frames.find((f) => f.cmd === 'aibot_send_msg')?.body).toEqual({ chatid: 'CHAT-1', msgtype: 'markdown', markdown: { content: '**提醒**' } });
    expect(await adapter!.sendMarkdown('', 'x')).toMatchObject({ ok: false, kind: 'platform', errcode: 40008 });
  });

  it('reconnects on its own after the connection drops, and keeps answering', async () => {
    await start();
    fake.dropAll();
    await waitFor(() => fake.subscriptions === 2 && adapter!.connected, 5000, 'resubscription');
    const reqId = fake.pushMessage(completion('MSG-AFTER'));
    await waitFor(() => responses(reqId).length, 5000, 'reply after reconnect');
  });

  it('an answer due while the connection is down goes, once it is back, as a message of its own quoting the question', async () => {
    let release!: () => void;
    // The connection drops before the "正在查询" notice is due: that notice fails, harmlessly.
    await start(recordingHandler({ gate: new Promise<void>((r) => (release = r)) }), { deadlineMs: 300, reconnectBaseMs: 1000 });
    const reqId = fake.pushMessage(completion('MSG-DROPPED'));
    fake.dropAll();
    await new Promise((r) => setTimeout(r, 500));
    release();
    const pushed = () => fake.frames.filter((f) => f.cmd === 'aibot_send_msg');
    const sent = await waitFor(() => pushed().length > 0 && pushed(), 10_000, 'the answer, once reconnected');
    expect(sent.map((f) => f.body)).toEqual([{ chatid: 'CHAT-1', msgtype: 'markdown',
      markdown: { content: expect.stringMatching(/^> 回复之前的提问：“完成”\n\*\*回声\*\* *\n收到：完成 *$/) } }]);
    expect(responses(reqId)).toEqual([]);
  });

  it('stopped while the connection is down, it does not subscribe again afterwards', async () => {
    await start(recordingHandler(), { reconnectBaseMs: 300 });
    fake.dropAll();
    await waitFor(() => !adapter!.connected, 5000, 'connection down');
    await adapter!.stop();
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.subscriptions).toBe(1);
    expect(adapter!.connected).toBe(false);
  });

  it('heartbeats are sent and acknowledged; the link stays up', async () => {
    await start(recordingHandler(), { heartbeatMs: 50 });
    await waitFor(() => fake.frames.filter((f) => f.cmd === 'ping').length >= 3, 5000, 'pings');
    expect(adapter!.connected).toBe(true);
    expect(fake.subscriptions).toBe(1);
  });

  it('a disconnected_event (another process took the bot) stops it without a reconnect loop', async () => {
    await start();
    fake.kickAll();
    await waitFor(() => !adapter!.connected, 5000, 'disconnect');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.subscriptions).toBe(1);
  });

  it('never logs the bot secret (SDK logs included, through connects, drops and replies)', async () => {
    await start();
    fake.dropAll();
    await waitFor(() => fake.subscriptions === 2 && adapter!.connected, 5000, 'resubscription');
    const reqId = fake.pushMessage(completion('MSG-LOG'));
    await waitFor(() => responses(reqId).length, 5000, 'reply');
    expect(cap.lines.length).toBeGreaterThanOrEqual(3);
    expect(cap.text()).not.toContain('S-SECRET-1');
  });

  it('a wrong secret: a few subscription attempts with backoff, then a loud error and no loop', async () => {
    const config = loadConfig({ WECOM_MODE: 'websocket', WECOM_BOT_ID: 'BOT', WECOM_BOT_SECRET: 'wrong', WECOM_WS_URL: fake.wsUrl });
    const local = captureLogger();
    adapter = createWecomWebsocketAdapter({ config, handle: recordingHandler().handle, reconnectBaseMs: 20, logger: local.logger });
    await adapter.start();
    await waitFor(() => local.text().includes('WS_AUTH_FAILURE_EXHAUSTED'), 8000, 'give-up error');
    const attempts = fake.frames.filter((f) => f.cmd === 'aibot_subscribe').length;
    expect(attempts).toBe(6); // the first try and 5 retries
    expect(fake.subscriptions).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.frames.filter((f) => f.cmd === 'aibot_subscribe').length).toBe(attempts);
    expect(adapter.problem?.()).toContain('WECOM_BOT_ID');
  });

  it('a long connection that cannot reach WeCom is named by /readyz once the grace has passed; a live one never is', async () => {
    const config = loadConfig({ WECOM_MODE: 'websocket', WECOM_BOT_ID: 'BOT', WECOM_BOT_SECRET: 'S-SECRET-1', WECOM_WS_URL: 'ws://127.0.0.1:9' });
    adapter = createWecomWebsocketAdapter({ config, handle: recordingHandler().handle, reconnectBaseMs: 50, logger: cap.logger, connectionGraceMs: 300 });
    const database = await freshDatabase();
    const app = await buildApp({ config, database, adapters: [adapter] });
    try {
      await adapter.start();
      expect(adapter.problem?.()).toBeUndefined(); // reconnecting is normal at first
      await waitFor(() => adapter!.problem?.(), 5000, 'down past the grace');
      expect(adapter.problem?.()).toMatch(/^wecom long connection down since \d{4}-/);
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'platform unavailable', problems: [{ platform: 'wecom' }] });
    } finally {
      await adapter.stop();
      adapter = undefined;
      await app.close();
      await database.close();
    }
    const live = createWecomWebsocketAdapter({
      config: loadConfig({ WECOM_MODE: 'websocket', WECOM_BOT_ID: 'BOT', WECOM_BOT_SECRET: 'S-SECRET-1', WECOM_WS_URL: fake.wsUrl }),
      handle: recordingHandler().handle, reconnectBaseMs: 50, logger: cap.logger, connectionGraceMs: 100,
    });
    adapter = live;
    await live.start();
    await waitFor(() => fake.subscriptions > 0 && live.connected, 5000, 'subscription');
    await new Promise((r) => setTimeout(r, 200));
    expect(live.problem?.()).toBeUndefined();
  });

  it('refused five times, it says so to /readyz and tries again now and then; accepted again, it is back', async () => {
    fake.refusing = true;
    const config = loadConfig({ WECOM_MODE: 'websocket', WECOM_BOT_ID: 'BOT', WECOM_BOT_SECRET: 'S-SECRET-1', WECOM_WS_URL: fake.wsUrl });
    const local = captureLogger();
    adapter = createWecomWebsocketAdapter({ config, handle: recordingHandler().handle, reconnectBaseMs: 20, authRetryMs: 400, logger: local.logger });
    const database = await freshDatabase();
    const app = await buildApp({ config, database, adapters: [adapter] });
    try {
      await adapter.start();
      await waitFor(() => adapter!.problem?.(), 8000, 'give-up');
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'platform unavailable', problems: [{ platform: 'wecom' }] });
      const attempts = () => fake.frames.filter((f) => f.cmd === 'aibot_subscribe').length;
      const givenUp = attempts();
      // One more try per wait, not a burst: still refused, still a problem.
      await waitFor(() => attempts() === givenUp + 1, 3000, 'one more subscription');
      expect(adapter.problem?.()).toBeTruthy();
      fake.refusing = false;
      await waitFor(() => adapter!.connected && !adapter!.problem?.(), 5000, 'subscribed again');
      expect(fake.subscriptions).toBe(1);
      expect(local.text()).toContain('trying the subscription again');
      expect((await app.inject('/readyz')).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('long-connection send failures, as the office reads them on a failed push', () => {
  it('the SDK\'s reasons are said in Chinese, and are worth another try', async () => {
    expect(await wsSendResult(() => Promise.reject(new Error('WebSocket not connected, unable to send data'))))
      .toEqual({ ok: false, kind: 'network', message: '长连接未连通（正在自动重连）', retryable: true });
    expect(await wsSendResult(() => Promise.reject(new Error('Reply ack timeout (5000ms) for reqId: aibot_send_msg_1'))))
      .toEqual({ ok: false, kind: 'network', message: '企业微信 5 秒内未确认收到', retryable: true });
  });
});
