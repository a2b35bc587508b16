import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { createDb } from '../../../db/client.js';
import { startServer } from '../../../src/server.js';
import { loadExamples } from '../../../src/bootstrap/load-examples.js';
import { createMessageHandler } from '../../../src/core/handle-message.js';
import type { MessageHandler } from '../../../src/core/platform.js';
import { createDingtalkHttpAdapter } from '../../../src/platforms/dingtalk/http-adapter.js';
import { createDingtalkStreamAdapter } from '../../../src/platforms/dingtalk/stream-adapter.js';
import { captureLogger } from '../../fakes/capture-logger.js';
import { dyingHandler } from '../../fakes/dying-handler.js';
import { waitFor } from '../../fakes/clock.js';
import { startFakeDingtalk, type FakeDingtalk } from '../../fakes/dingtalk-fake.js';
import { DINGTALK_TEST, dingtalkHeaders } from '../../fakes/sign-requests.js';
import { freshDatabase } from '../../helpers/db.js';
import { startApp } from '../app-harness.js';

// DingTalk acknowledges a callback (HTTP 200, or the Stream ack) before the bot answers it, and does not send
// it again. These tests kill the answer between the two, as a crash would, and check that a restarted bot
// (or another replica) still answers the message, once, for the day it was sent.

const sample = JSON.parse(readFileSync(new URL('../../fixtures/platforms/dingtalk/group-command.json', import.meta.url), 'utf8'));
const MARCH_2 = Date.parse('2026-03-02T01:30:00Z'); // a Monday; the example plan's March tasks include 三八

let fake: FakeDingtalk;
let database: Awaited<ReturnType<typeof freshDatabase>>;
const cap = captureLogger();
const running: Array<() => Promise<void>> = [];
beforeAll(async () => {
  fake = await startFakeDingtalk({ appSecret: DINGTALK_TEST.appSecret });
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

const configFor = () => loadConfig({
  DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret,
  DINGTALK_OAPI_BASE: fake.url, DINGTALK_API_BASE: fake.url,
});

/** A callback as DingTalk sends it, with a live sessionWebhook on the fake (one session per message). */
const callback = (msgId: string, text: string, createAt = Date.now()) => ({
  ...sample.body, msgId, text: { content: ` ${text}` }, createAt, sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
  sessionWebhook: `${fake.url}/robot/sendBySession?session=${msgId}`,
});
const answers = (msgId: string) => fake.received
  .filter((r) => r.path === '/robot/sendBySession' && r.query.session === msgId)
  .map((r) => (r.body as { markdown: { text: string } }).markdown.text);

/** A bot on the DingTalk HTTP adapter, started as the server starts it (the sweep runs after listen). */
async function httpBot(handle: MessageHandler) {
  const adapter = createDingtalkHttpAdapter({ config: configFor(), handle, logger: cap.logger });
  const srv = await startApp(configFor(), database, [adapter]);
  await adapter.start!();
  running.push(srv.close);
  const post = (body: unknown) => fetch(`${srv.base}/webhooks/dingtalk`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...dingtalkHeaders(Date.now()) }, body: JSON.stringify(body),
  });
  return { adapter, post, close: srv.close };
}

const record = async (msgId: string) => (await database.rows<{ handled: boolean; hook: string | null; attempt: string | null }>(sql`
  select handled_at is not null as handled, resume->>'sessionWebhook' as hook, attempt
  from inbound_messages where platform = 'dingtalk' and message_id = ${msgId}`))[0];
/** Ten minutes pass for this message's handling attempt (it began that long ago). */
const age = (msgId: string, seconds = 900) => database.rows(sql`
  update inbound_messages set created_at = now() - make_interval(secs => ${seconds}) where message_id = ${msgId}`);

describe('a DingTalk message acknowledged by a bot that died before answering', () => {
  it('HTTP mode: is on record with its callback when the 200 goes out, and a restarted bot answers it once, for its own day', async () => {
    const first = await httpBot(dyingHandler(database));
    const res = await first.post(callback('msgDIE1', '本月任务', MARCH_2));
    expect(res.status).toBe(200);
    // By the time DingTalk has its 200, the message and the way to answer it are committed.
    expect(await record('msgDIE1')).toMatchObject({ handled: false, hook: `${fake.url}/robot/sendBySession?session=msgDIE1` });
    await first.close();
    expect(answers('msgDIE1')).toEqual([]);

    await age('msgDIE1');
    const second = await httpBot(createMessageHandler({ database }));
    await second.adapter.idle();
    const said = answers('msgDIE1');
    expect(said).toHaveLength(1);
    // "本月" is March: the month it was asked in, not the month the bot came back.
    expect(said[0]).toContain('“三八”妇女节主题活动');
    await second.close();
    // Marked handled (a turn's mark goes with a later statement, within a fraction of a second).
    for (let i = 0; i < 50 && !(await record('msgDIE1'))?.handled; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await record('msgDIE1')).toMatchObject({ handled: true, hook: null });

    // Another start (or replica) finds nothing more to answer.
    const third = await httpBot(createMessageHandler({ database }));
    await third.adapter.idle();
    expect(answers('msgDIE1')).toHaveLength(1);
    expect(cap.text()).toContain('answered messages a stopped process had acknowledged but not answered');
  });

  it('a callback holding a NUL or a lone surrogate (which PostgreSQL cannot store) is recorded cleaned and answered', async () => {
    const bot = await httpBot(createMessageHandler({ database }));
    const res = await bot.post({ ...callback('msgNUL', '本月任务\u0000', MARCH_2), senderNick: '张\ud800三' });
    expect(res.status).toBe(200);
    await bot.adapter.idle();
    expect(answers('msgNUL')).toEqual([expect.stringMatching(/^\*\*\d{4}年\d{1,2}月的任务（\d+ 项）\*\*/)]);
    const [stored] = await database.rows<{ nick: string }>(sql`
      select resume->>'senderNick' as nick from inbound_messages where message_id = 'msgNUL'`);
    // Kept until its handled mark goes (or gone already): either way, never refused.
    if (stored?.nick != null) expect(stored.nick).toBe('张\uFFFD三');
  });

  it('Stream mode: acknowledges only once the message is on record, and it is answered after a restart', async () => {
    const adapter = createDingtalkStreamAdapter({
      config: { ...configFor(), DINGTALK_MODE: 'stream' }, handle: dyingHandler(database), logger: cap.logger, retryBaseMs: 50,
    });
    running.push(() => adapter.stop());
    await adapter.start();
    await waitFor(() => adapter.connected, 5000, 'stream connection');
    const id = fake.pushCallback(callback('msgDIE2', '送清凉什么时候'));
    await waitFor(() => fake.upFrames.some((f) => f.headers?.messageId === id), 5000, 'ack');
    expect(await record('msgDIE2')).toMatchObject({ handled: false, hook: `${fake.url}/robot/sendBySession?session=msgDIE2` });
    await adapter.stop();

    await age('msgDIE2');
    const bot = await httpBot(createMessageHandler({ database }));
    await bot.adapter.idle();
    expect(answers('msgDIE2')).toHaveLength(1);
    expect(answers('msgDIE2')[0]).toMatch(/送清凉/);
  });

  it('leaves alone a message another process may still be answering, one already answered, and one that failed', async () => {
    const resume = (id: string) => JSON.stringify(callback(id, '本月任务'));
    const insert = (id: string, o: { attempt: string | null; handled: boolean; ageSeconds: number }) => database.rows(sql`
      insert into inbound_messages (platform, message_id, chat_external_id, sender_external_id, text, attempt, resume, handled_at, created_at)
      values ('dingtalk', ${id}, 'cidDEPT1==', 'zhangsan', '本月任务', ${o.attempt}, ${resume(id)}::jsonb,
        ${o.handled ? sql`now()` : sql`null`}, now() - make_interval(secs => ${o.ageSeconds}))`);
    await insert('msgRECENT', { attempt: 'a1', handled: false, ageSeconds: 300 }); // its process may still be answering it
    await insert('msgDONE', { attempt: 'a2', handled: true, ageSeconds: 1200 });
    await insert('msgFAILED', { attempt: null, handled: false, ageSeconds: 1200 }); // the user got an apology
    // A stored callback that can no longer be read is given up, and does not hold back the next one.
    await database.rows(sql`insert into inbound_messages (platform, message_id, chat_external_id, sender_external_id, text, attempt, resume, created_at)
      values ('dingtalk', 'msgBROKEN', 'c', 's', 't', 'a3', '{"unreadable":true}'::jsonb, now() - interval '20 minutes')`);
    await insert('msgLOST', { attempt: 'a4', handled: false, ageSeconds: 900 });
    // Its sessionWebhook expired while the bot was down: nothing can be said in the chat, so it is given up.
    const expired = JSON.stringify({ ...callback('msgEXPIRED', '完成 V4W5'), sessionWebhookExpiredTime: Date.now() - 1000 });
    await database.rows(sql`insert into inbound_messages (platform, message_id, chat_external_id, sender_external_id, text, attempt, resume, created_at)
      values ('dingtalk', 'msgEXPIRED', 'cidDEPT1==', 'zhangsan', '完成 V4W5', 'a5', ${expired}::jsonb, now() - interval '2 hours')`);

    const bot = await httpBot(createMessageHandler({ database }));
    await bot.adapter.idle();
    for (const id of ['msgRECENT', 'msgDONE', 'msgFAILED', 'msgBROKEN', 'msgEXPIRED']) expect(answers(id), id).toEqual([]);
    expect(await record('msgEXPIRED')).toMatchObject({ handled: false, attempt: null, hook: null });
    expect(answers('msgLOST')).toHaveLength(1);
    expect(await record('msgBROKEN')).toMatchObject({ handled: false, attempt: null, hook: null });
  });
});

describe('a DingTalk bot stopped right after answering (npm start, Ctrl+C)', () => {
  it('writes the handled marks still pending before the database closes, so a restart does not answer again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-resume-stop-'));
    try {
      const app = await startServer({
        DATABASE_URL: `pglite://${dir}`, PORT: '0', LOG_LEVEL: 'silent', PLANBOT_CONSOLE: 'off',
        DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_OAPI_BASE: fake.url,
      });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/webhooks/dingtalk`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...dingtalkHeaders(Date.now()) },
        body: JSON.stringify(callback('msgSTOP', '本月任务')),
      });
      expect(res.status).toBe(200);
      await waitFor(() => answers('msgSTOP').length, 5000, 'answer');
      await app.close(); // at once: the turn's mark would otherwise go with a later statement, 200 ms on
      const reopened = await createDb(`pglite://${dir}`);
      try {
        const [row] = await reopened.rows<{ handled: boolean; resume: unknown }>(sql`
          select handled_at is not null as handled, resume from inbound_messages where message_id = 'msgSTOP'`);
        expect(row).toEqual({ handled: true, resume: null });
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
