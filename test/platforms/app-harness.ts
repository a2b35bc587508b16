import type { AddressInfo } from 'node:net';
import { decrypt as officialDecrypt } from '@wecom/crypto';
import { loadConfig, type Config } from '../../config/index.js';
import type { Database } from '../../db/client.js';
import { buildApp } from '../../src/app.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { createMessageHandler } from '../../src/core/handle-message.js';
import type { PlatformAdapter } from '../../src/core/platform.js';
import { createPlatformAdapters } from '../../src/platforms/index.js';
import type { AdapterWithIdle } from '../../src/platforms/shared/adapter-options.js';
import type { FakeClock } from '../fakes/clock.js';
import { startFakeDingtalk } from '../fakes/dingtalk-fake.js';
import { DINGTALK_TEST, WECOM_TEST, dingtalkHeaders } from '../fakes/sign-requests.js';
import { startFakeWecom } from '../fakes/wecom-fake.js';
import { freshDatabase } from '../helpers/db.js';

type TestDatabase = Awaited<ReturnType<typeof freshDatabase>>;

/** The real app (buildApp) with the given adapters, listening on a random local port. */
export async function startApp(config: Config, database: Database, adapters: PlatformAdapter[]) {
  const app = await buildApp({ config, database, adapters });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}

/** A fetch that records every outbound call an adapter makes, then really performs it. */
export function spyFetch() {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  return { fetch: f, calls };
}

/**
 * The whole bot over HTTP as a union office would run it: the example plan in a fresh database, the real
 * chat core, WeCom callback and DingTalk HTTP adapters pointed at fake platforms, all on loopback.
 * `today` is the chat's date; `clock` signs and checks DingTalk timestamps; `before` runs on the database
 * before the app starts (a directory, say).
 */
export async function startBothPlatforms(o: {
  today: Date; clock: FakeClock; deadlineMs: number; before?: (database: TestDatabase) => Promise<void>;
}) {
  const [wecom, ding, database] = await Promise.all([startFakeWecom(), startFakeDingtalk({ now: o.clock.now }), freshDatabase()]);
  await loadExamples(database);
  await o.before?.(database);
  const config = loadConfig({
    WECOM_MODE: 'callback', WECOM_TOKEN: WECOM_TEST.token, WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey, WECOM_API_BASE: wecom.url,
    DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_OAPI_BASE: ding.url,
  });
  const handle = createMessageHandler({ database, now: () => o.today });
  const adapters = createPlatformAdapters({ config, handle, now: o.clock.date, deadlineMs: o.deadlineMs }) as AdapterWithIdle[];
  const srv = await startApp(config, database, adapters);
  return {
    wecom, ding, database, adapters, base: srv.base,
    /** Waits until every answer sent out of band has reached the fakes. */
    idle: async () => { await Promise.all(adapters.map((a) => a.idle())); },
    postWecom: (query: string, body: unknown) => fetch(`${srv.base}/webhooks/wecom?${query}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    }),
    postDingtalk: (body: unknown, headers: Record<string, string> = dingtalkHeaders(o.clock.now())) => fetch(`${srv.base}/webhooks/dingtalk`, {
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body),
    }),
    /** The decrypted stream content of a WeCom passive reply, '' for an empty 200. */
    async wecomReply(res: Response): Promise<string> {
      if (res.status !== 200) throw new Error(`WeCom callback answered HTTP ${res.status}`);
      const text = await res.text();
      if (!text) return '';
      const env = JSON.parse(text) as { encrypt: string };
      return JSON.parse(officialDecrypt(WECOM_TEST.encodingAesKey, env.encrypt).message).stream.content as string;
    },
    /** What the bot said through one DingTalk session's sessionWebhook, each message as JSON text. */
    sessionSaid: (session: string) => ding.received.filter((r) => r.path === '/robot/sendBySession' && r.query.session === session),
    async close() {
      await srv.close();
      await Promise.all([wecom.close(), ding.close()]);
      await database.close();
    },
  };
}
