import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { decrypt as officialDecrypt } from '@wecom/crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../config/index.js';
import type { Database } from '../../db/client.js';
import { buildApp } from '../../src/app.js';
import { createMessageHandler } from '../../src/core/handle-message.js';
import { loadExamples as loadSharedExamples } from '../../src/bootstrap/load-examples.js';
import { createPlatformAdapters } from '../../src/platforms/index.js';
import { freshDatabase } from '../helpers/db.js';
import { requirePostgres } from './postgres.js';
import type { AdapterWithIdle } from '../../src/platforms/shared/adapter-options.js';
import { captureLogger } from '../fakes/capture-logger.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-fake.js';
import { DINGTALK_TEST, WECOM_TEST, dingtalkHeaders, wecomEnvelope } from '../fakes/sign-requests.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-fake.js';

/** The example plan's July: "本月任务" names 送清凉. */
export const TODAY = new Date('2026-07-10T10:00:00+08:00');
/** Questions of the load, each with a phrase its answer must contain. */
export const QUESTIONS: ReadonlyArray<readonly [string, string]> = [
  ['本月任务', '送清凉'],
  ['下月任务', '8月'],
  ['人事处有哪些任务', '组织人事处'],
];
/** The example plan and directory, as a PostgreSQL deployment would import them. */
export const loadExamples = (database: Database) => loadSharedExamples(database, 'reliability');

export interface Bot {
  base: string;
  app: FastifyInstance;
  ding: FakeDingtalk;
  wecom: FakeWecom;
  adapters: AdapterWithIdle[];
  /** Every log line of the adapters and the chat core (JSON). */
  logs: ReturnType<typeof captureLogger>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The bot as server.ts assembles it for the HTTP transports: buildApp + WeCom callback + DingTalk HTTP
 * adapters + the real chat core on `database`, answering to fake platforms on 127.0.0.1.
 */
export async function startBot(database: Database, opts: { deadlineMs?: number } = {}): Promise<Bot> {
  const [ding, wecom] = await Promise.all([startFakeDingtalk(), startFakeWecom()]);
  const config = loadConfig({
    WECOM_MODE: 'callback', WECOM_TOKEN: WECOM_TEST.token, WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey, WECOM_API_BASE: wecom.url,
    DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_OAPI_BASE: ding.url,
  });
  const logs = captureLogger();
  const handle = createMessageHandler({ database, now: () => TODAY, logger: logs.logger });
  const adapters = createPlatformAdapters({ config, handle, logger: logs.logger, deadlineMs: opts.deadlineMs }) as AdapterWithIdle[];
  const app = await buildApp({ config, database, adapters });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const idle = async () => { await Promise.all(adapters.map((a) => a.idle())); };
  return {
    base, app, ding, wecom, adapters, logs, idle,
    async close() {
      await app.close();
      await Promise.all([ding.close(), wecom.close()]);
    },
  };
}

/**
 * For a whole test file: a fresh database on the PostgreSQL server with the example plan, and a bot on it.
 * Read `database` and `bot` inside tests (they are set in beforeAll).
 */
export function botOnFreshDatabase(): { readonly database: Database; readonly bot: Bot } {
  const env = {} as { database: Database; bot: Bot };
  beforeAll(async () => {
    requirePostgres();
    env.database = await freshDatabase();
    await loadExamples(env.database);
    env.bot = await startBot(env.database);
  });
  afterAll(async () => {
    await env.bot?.close();
    await env.database?.close();
  });
  return env;
}

export type Status = number | 'network-error';

export interface WecomOutcome { status: Status; /** Decrypted passive answer; '' for an empty 200. */ answer: string }

/** Signed / encrypted platform callbacks with chosen message ids, and the answers each one got. */
export function traffic(bot: Bot) {
  const post = async (url: string, body: string, headers: Record<string, string>) => {
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
      return { status: res.status as Status, text: await res.text() };
    } catch {
      return { status: 'network-error' as Status, text: '' };
    }
  };

  const dingtalkBody = (id: string, text: string, over: Record<string, unknown> = {}) => JSON.stringify({
    conversationId: 'cidRELIABLE==', atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }], chatbotCorpId: 'dingcorp', chatbotUserId: '$:LWCP_v1:$bot',
    msgId: id, senderNick: '张三', isAdmin: false, senderStaffId: 'zhangsan', sessionWebhookExpiredTime: Date.now() + 3_600_000,
    createAt: Date.now(), senderCorpId: 'dingcorp', conversationType: '2', senderId: '$:LWCP_v1:$u1', conversationTitle: '可靠性测试群',
    isInAtList: true, sessionWebhook: `${bot.ding.url}/robot/sendBySession?session=${encodeURIComponent(id)}`, text: { content: ` ${text}` },
    robotCode: 'dingrobotcode', msgtype: 'text', ...over,
  });

  const wecomPlain = (id: string, text: string) => ({
    msgid: id, aibotid: 'AIBOTID', chatid: 'wrRELIABLE', chattype: 'group', from: { userid: 'lisi' },
    response_url: `${bot.wecom.url}/cgi-bin/aibot/response?response_code=${encodeURIComponent(`RC-${id}`)}`,
    msgtype: 'text', text: { content: `@工会助手 ${text}` },
  });

  const openAnswer = (text: string): string => {
    if (!text) return '';
    const env = JSON.parse(text) as { encrypt: string };
    const plain = JSON.parse(officialDecrypt(WECOM_TEST.encodingAesKey, env.encrypt).message) as { stream?: { content?: string } };
    return plain.stream?.content ?? '';
  };

  return {
    dingtalkBody,
    wecomPlain,
    /** A raw DingTalk callback (for malformed and forged ones). */
    postDingtalk: (body: string, headers: Record<string, string>) =>
      post(`${bot.base}/webhooks/dingtalk`, body, { 'content-type': 'application/json; charset=utf-8', ...headers }),
    /** A raw WeCom callback. */
    postWecom: (query: string, body: string) => post(`${bot.base}/webhooks/wecom?${query}`, body, { 'content-type': 'application/json' }),
    /** A correctly signed DingTalk callback. */
    async dingtalk(id: string, text: string): Promise<Status> {
      return (await post(`${bot.base}/webhooks/dingtalk`, dingtalkBody(id, text),
        { 'content-type': 'application/json; charset=utf-8', ...dingtalkHeaders(Date.now()) })).status;
    },
    /** A correctly encrypted and signed WeCom callback; the passive answer decrypted. */
    async wecom(id: string, text: string): Promise<WecomOutcome> {
      const e = wecomEnvelope(wecomPlain(id, text));
      const r = await post(`${bot.base}/webhooks/wecom?${e.query}`, JSON.stringify(e.body), { 'content-type': 'application/json' });
      return { status: r.status, answer: r.status === 200 ? openAnswer(r.text) : '' };
    },
    openAnswer,
    /** Answers that reached the fake sessionWebhook, by message id (markdown text of each post). */
    dingtalkAnswers(): Map<string, string[]> {
      const out = new Map<string, string[]>();
      for (const r of bot.ding.received) {
        if (r.path !== '/robot/sendBySession') continue;
        const id = r.query.session ?? '';
        const text = (r.body as { markdown?: { text?: string } } | undefined)?.markdown?.text ?? r.raw;
        out.set(id, [...(out.get(id) ?? []), text]);
      }
      return out;
    },
    /** Late answers posted to a callback's response_url, by message id. */
    wecomLateAnswers(): Map<string, string[]> {
      const out = new Map<string, string[]>();
      for (const r of bot.wecom.received) {
        if (r.path !== '/cgi-bin/aibot/response') continue;
        const id = (r.query.response_code ?? '').replace(/^RC-/, '');
        const text = (r.body as { markdown?: { content?: string } } | undefined)?.markdown?.content ?? r.raw;
        out.set(id, [...(out.get(id) ?? []), text]);
      }
      return out;
    },
  };
}

export type Traffic = ReturnType<typeof traffic>;

/**
 * Open-loop steady load: `fire(i)` starts every 1000/rate ms for `durationMs` whatever the previous ones
 * are doing (as a platform delivers callbacks), then waits for all of them.
 */
export async function steady(ratePerSec: number, durationMs: number, fire: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const n = Math.round((ratePerSec * durationMs) / 1000);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = start + (i * 1000) / ratePerSec - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(fire(i));
  }
  await Promise.all(pending);
  return n;
}

export const APOLOGY_MARK = '抱歉';

/** How many inbound messages are recorded for these ids (platform, message id). */
export async function recordedIds(database: Database, platform: 'dingtalk' | 'wecom', ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await database.rows<{ message_id: string }>(sql`select message_id from inbound_messages
    where platform = ${platform} and message_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
  return new Set(rows.map((r) => r.message_id));
}

/** One line per test, the way the suite reports: what was lost must be nothing. */
export function summary(test: string, fields: Record<string, string | number>): string {
  const line = `[reliability] ${test}: ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`;
  console.info(line);
  return line;
}
