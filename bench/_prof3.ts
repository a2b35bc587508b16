import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/index.js';
import { buildApp } from '../src/app.js';
import { createMessageHandler } from '../src/core/handle-message.js';
import { createPlatformAdapters } from '../src/platforms/index.js';
import { DINGTALK_TEST, WECOM_TEST } from '../test/fakes/sign-requests.js';
import { startChild } from './child.js';
import { benchDatabase, loadExamples } from './pg.js';
const TODAY = new Date('2026-07-10T10:00:00+08:00');
const which = process.argv[2] ?? 'dt';
const database = await benchDatabase('postgres');
const gen = startChild(path.join(import.meta.dirname, 'load-generator.ts'));
await loadExamples(database);
const fakes = await gen.call<{ dingtalk: string; wecom: string }>('fakes');
const config = loadConfig({
  DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_OAPI_BASE: fakes.dingtalk,
  WECOM_MODE: 'callback', WECOM_TOKEN: WECOM_TEST.token, WECOM_ENCODING_AES_KEY: WECOM_TEST.encodingAesKey, WECOM_API_BASE: fakes.wecom,
});
const handle = createMessageHandler({ database, now: () => TODAY });
const adapters = createPlatformAdapters({ config, handle }) as any[];
const app = await buildApp({ config, database, adapters });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const c0 = process.cpuUsage();
const r: any = which === 'dt'
  ? await gen.call('closedLoop', { base, connections: 50, durationMs: 10000, prefix: 'p' })
  : await gen.call('cannon', { target: 'wecom', base, connections: 50, prefix: 'w', duration: 10 });
const c = process.cpuUsage(c0);
const n = which === 'dt' ? r.completed : r.ok2xx;
console.log(which, 'rps', r.rps, 'cpu ms/req', ((c.user + c.system) / 1000 / n).toFixed(3));
await app.close(); await gen.close(); await database.close();
