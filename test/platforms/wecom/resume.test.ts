import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { loadExamples } from '../../../src/bootstrap/load-examples.js';
import { createMessageHandler } from '../../../src/core/handle-message.js';
import type { MessageHandler } from '../../../src/core/platform.js';
import { createWecomCallbackAdapter } from '../../../src/platforms/wecom/callback-adapter.js';
import { createWecomWebsocketAdapter } from '../../../src/platforms/wecom/websocket-adapter.js';
import { captureLogger } from '../../fakes/capture-logger.js';
import { dyingHandler } from '../../fakes/dying-handler.js';
import { waitFor } from '../../fakes/clock.js';
import { wecomEnvelope, WECOM_TEST } from '../../fakes/sign-requests.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/wecom-fake.js';
import { freshDatabase } from '../../helpers/db.js';
import { startApp } from '../app-harness.js';

// A WeCom callback is recorded before it is answered. These tests stop the turn between the two, as a crash
// would (WeCom's own redeliveries within the handling lease are then taken for duplicates), and check that a
// restarted bot (or another replica) still answers the message through its response_url, once, for its own day.

const MARCH_2 = Date.parse('2026-03-02T01:30:00Z'); // a Monday; the example plan's March tasks include 三八

let fake: FakeWecom;
let database: Awaited<ReturnType<typeof freshDatabase>>;
const cap = captureLogger();
const running: Array<() => Promise<void>> = [];
beforeAll(async () => {
  fake = await startFakeWecom();
  database = await freshDatabase();
  await loadExamples(database);
});
afterEach(async () => {
  while (running.length) await running.pop()!();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

const config = () => loadConfig({
  WECOM_MODE: 'callback', WECOM_TOKEN: WECOM_TEST.token, WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey, WECOM_API_BASE: fake.url,
});

/** A group callback as WeCom sends it, with its own one-shot response_url on the fake. */
const callback = (msgid: string, text: string) => ({
  msgid, aibotid: 'AIBOTID', chatid: 'CHATID', chattype: 'group', from: { userid: 'zhangsan' },
  response_url: `${fake.url}/cgi-bin/aibot/response?response_code=RC-${msgid}`, msgtype: 'text', text: { content: `@工会助手 ${text}` },
});
const answers = (msgid: string) => fake.received
  .filter((r) => r.path === '/cgi-bin/aibot/response' && r.query.response_code === `RC-${msgid}`)
  .map((r) => (r.body as { markdown: { content: string } }).markdown.content);

/** A bot on the WeCom callback adapter, started as the server starts it (the sweep runs after listen). */
async function bot(handle: MessageHandler, now?: () => Date) {
  const adapter = createWecomCallbackAdapter({ config: config(), handle, logger: cap.logger, now });
  const srv = await startApp(config(), database, [adapter]);
  await adapter.start!();
  running.push(srv.close);
  const post = (plain: object) => {
    const env = wecomEnvelope(plain);
    return fetch(`${srv.base}/webhooks/wecom?${env.query}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(env.body),
    });
  };
  return { adapter, post, close: srv.close };
}

const record = async (msgid: string) => (await database.rows<{ handled: boolean; url: string | null; attempt: string | null }>(sql`
  select handled_at is not null as handled, resume->'callback'->>'response_url' as url, attempt
  from inbound_messages where platform = 'wecom' and message_id = ${msgid}`))[0];
/** Ten minutes pass for this message's handling attempt (it began that long ago). */
const age = (msgid: string, seconds = 900) => database.rows(sql`
  update inbound_messages set created_at = now() - make_interval(secs => ${seconds}) where platform = 'wecom' and message_id = ${msgid}`);
const MINUTE = 60_000;

describe('a WeCom callback recorded by a bot that died before answering it', () => {
  it('is on record with its response_url, and a restarted bot answers it there once, for the day it was sent', async () => {
    const first = await bot(dyingHandler(database), () => new Date(MARCH_2));
    expect((await first.post(callback('MSG-DIE1', '本月任务'))).status).toBe(200);
    expect(await record('MSG-DIE1')).toMatchObject({ handled: false, url: `${fake.url}/cgi-bin/aibot/response?response_code=RC-MSG-DIE1` });
    await first.close();
    expect(answers('MSG-DIE1')).toEqual([]);

    await age('MSG-DIE1');
    // The bot comes back a quarter of an hour later, within the response_url's hour.
    const second = await bot(createMessageHandler({ database }), () => new Date(MARCH_2 + 15 * MINUTE));
    await second.adapter.idle();
    const said = answers('MSG-DIE1');
    expect(said).toHaveLength(1);
    // "本月" is the month it was asked in (March), not the month the bot came back.
    expect(said[0]).toContain('“三八”妇女节主题活动');
    await second.close();
    for (let i = 0; i < 50 && !(await record('MSG-DIE1'))?.handled; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await record('MSG-DIE1')).toMatchObject({ handled: true, url: null });

    // Another start (or replica) finds nothing more to answer.
    const third = await bot(createMessageHandler({ database }));
    await third.adapter.idle();
    expect(answers('MSG-DIE1')).toHaveLength(1);
    expect(cap.text()).toContain('answered messages a stopped process had acknowledged but not answered');
  });

  it('is given up once its response_url has expired (an hour), without acting on it unseen', async () => {
    const first = await bot(dyingHandler(database), () => new Date(MARCH_2));
    await first.post(callback('MSG-OLD', '完成 V4W5'));
    await first.close();
    await age('MSG-OLD');
    const second = await bot(createMessageHandler({ database }), () => new Date(MARCH_2 + 61 * MINUTE));
    await second.adapter.idle();
    expect(answers('MSG-OLD')).toEqual([]);
    // No longer listed as owed, and the confirmation it carried was not recorded behind the sender's back.
    expect(await record('MSG-OLD')).toMatchObject({ handled: false, attempt: null, url: null });
    const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from confirmations`);
    expect(row?.n).toBe(0);
  });

  it('an answered message is marked handled and owes nothing to a later start', async () => {
    const first = await bot(createMessageHandler({ database }));
    const res = await first.post(callback('MSG-OK', '本月任务'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { encrypt?: string }).encrypt).toBeTruthy();
    await first.close();
    // A turn's mark goes with a later statement, within a fraction of a second.
    for (let i = 0; i < 50 && !(await record('MSG-OK'))?.handled; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await record('MSG-OK')).toMatchObject({ handled: true, url: null });
    await age('MSG-OK');
    const second = await bot(createMessageHandler({ database }));
    await second.adapter.idle();
    expect(answers('MSG-OK')).toEqual([]);
  });
});

describe('a WeCom long-connection message recorded by a bot that died before answering it', () => {
  let ws: FakeWecom;
  beforeAll(async () => {
    ws = await startFakeWecom({ botId: 'BOT', botSecret: 'S-SECRET-1' });
  });
  afterAll(async () => {
    await ws.close();
  });

  async function wsBot(handle: MessageHandler, now: () => Date) {
    const adapter = createWecomWebsocketAdapter({
      config: loadConfig({ WECOM_MODE: 'websocket', WECOM_BOT_ID: 'BOT', WECOM_BOT_SECRET: 'S-SECRET-1', WECOM_WS_URL: ws.wsUrl }),
      handle, reconnectBaseMs: 50, logger: cap.logger, now,
    });
    running.push(() => adapter.stop());
    await adapter.start();
    await waitFor(() => ws.connections > 0 && adapter.connected, 5000, 'subscription');
    return adapter;
  }
  const pushes = (chatid: string) => ws.frames
    .filter((f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === chatid)
    .map((f) => (f.body as { markdown: { content: string } }).markdown.content);

  it('is answered once the restarted bot is connected, in its conversation, quoting the question, for its own day', async () => {
    const first = await wsBot(dyingHandler(database), () => new Date(MARCH_2));
    const { chatid: _, ...body } = callback('MSG-WS1', '本月任务');
    ws.pushMessage({ ...body, chatid: 'CHAT-WS', response_url: undefined });
    for (let i = 0; i < 100 && !(await record('MSG-WS1')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await record('MSG-WS1')).toMatchObject({ handled: false });
    await first.stop();
    await age('MSG-WS1');

    const second = await wsBot(createMessageHandler({ database }), () => new Date(MARCH_2 + 15 * MINUTE));
    await waitFor(() => pushes('CHAT-WS').length, 5000, 'late answer');
    await second.idle();
    const said = pushes('CHAT-WS');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^> 回复之前的提问：“本月任务”\n/);
    expect(said[0]).toContain('“三八”妇女节主题活动');
    for (let i = 0; i < 50 && !(await record('MSG-WS1'))?.handled; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await record('MSG-WS1'))?.handled).toBe(true);
  });
});
