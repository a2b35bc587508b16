import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createDb, type Database } from '../../db/client.js';
import { insertOutboxRows, type NewOutboxRow } from '../../db/repositories/outbox.js';
import { createSender } from '../../src/outbox/senders.js';
import { createOutboxWorker, type OutboxWorker, type WorkerOptions } from '../../src/outbox/worker.js';
import { createDingtalkOutboxSender, createWecomOutboxSender } from '../../src/platforms/index.js';
import { freshDatabase } from '../helpers/db.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-fake.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-fake.js';
import { startFaultProxy, type Fault } from './fault-proxy.js';
import { summary } from './harness.js';
import { requirePostgres } from './postgres.js';

/**
 * Outbox delivery while the platforms misbehave: three workers (each its own pool, as three replicas)
 * deliver through a fault-injecting proxy to the fake WeCom and DingTalk servers. For the first
 * FAULT_MS some robots answer 500, some hang (after the platform took the message, or before), some say
 * "too fast" (45009 / 130101); others fail for good (500 forever, an unknown key). Every row must end sent
 * or dead-lettered with a reason; nothing stays behind; a row reaches the platform more than once only
 * after an attempt whose answer was lost in flight (the documented at-least-once bound), never otherwise.
 */
const FAULT_MS = 2_500;
const ROWS_PER_ROBOT = 5;
const GROUPS = ['ok', 'http500', 'hang', 'blackhole', 'ratelimit', 'http500-forever', 'invalid'] as const;
type Group = (typeof GROUPS)[number];
const TRANSIENT: Record<Group, Fault> = {
  ok: 'ok', http500: 'http500', hang: 'hang', blackhole: 'blackhole', ratelimit: 'ratelimit', 'http500-forever': 'http500', invalid: 'ok',
};
const SECRET = 'SECfaultsecret';
/** Short timings so the whole story fits in seconds; the per-robot limit stays the platforms' 20 a minute. */
const OPTIONS: Partial<WorkerOptions> = {
  pollMs: 100, sendTimeoutMs: 800, backoffBaseMs: 200, backoffMaxMs: 1_000, rateLimitBackoffMs: 1_500, batchSize: 20,
};

let database: Awaited<ReturnType<typeof freshDatabase>>;
const pools: Database[] = [];
let wecom: FakeWecom;
let ding: FakeDingtalk;
beforeAll(async () => {
  requirePostgres();
  database = await freshDatabase();
  const robots = GROUPS.filter((g) => g !== 'invalid').flatMap((g) => [1, 2].map((n) => `${g}-${n}`));
  [wecom, ding] = await Promise.all([
    startFakeWecom({ keys: robots }),
    startFakeDingtalk({ robots: Object.fromEntries(robots.map((r) => [r, SECRET])) }),
  ]);
});
afterAll(async () => {
  for (const p of pools) await p.close();
  await Promise.all([wecom?.close(), ding?.close()]);
  await database?.close();
});

describe('outbox delivery under platform faults', () => {
  it('every row ends sent or dead-lettered with a reason; duplicates only within the in-flight bound', async () => {
    let faultsUntil = Infinity;
    const groupOf = (robot: string) => robot.replace(/-\d+$/, '') as Group;
    const proxy = await startFaultProxy({
      wecom: wecom.url,
      dingtalk: ding.url,
      marker: (text) => /row:[\w-]+:\d+/.exec(text)?.[0],
      fault: (robot) => {
        const g = groupOf(robot);
        if (g === 'http500-forever') return 'http500';
        return Date.now() < faultsUntil ? TRANSIENT[g] : 'ok';
      },
    });

    // One chat per robot; two WeCom and two DingTalk robots per group, ROWS_PER_ROBOT rows each.
    const rows: NewOutboxRow[] = [];
    const groupOfMarker = new Map<string, Group>();
    for (const g of GROUPS) {
      for (const platform of ['wecom', 'dingtalk'] as const) {
        for (const n of [1, 2]) {
          const robot = `${g}-${n}`;
          const push = platform === 'wecom'
            ? { webhook: `${proxy.url}/cgi-bin/webhook/send?key=${robot}` }
            : { webhook: `${proxy.url}/robot/send?access_token=${robot}`, secret: SECRET };
          const [chat] = await database.rows<{ id: number }>(sql`insert into chats (platform, external_id, name, push)
            values (${platform}, ${`${platform}-${robot}`}, ${`${robot}群`}, ${JSON.stringify(push)}::jsonb) returning id`);
          for (let i = 0; i < ROWS_PER_ROBOT; i++) {
            const marker = `row:${platform}-${robot}:${i}`;
            groupOfMarker.set(marker, g);
            rows.push({ dedupeKey: marker, kind: 'kickoff', chatId: chat!.id, platform, robotKey: `${platform}:${robot}`,
              payload: { format: 'text', text: `【任务#FLT1】请完成第${i + 1}项（${marker}）`, kind: 'kickoff', chatName: `${robot}群`,
                chatExternalId: `${platform}-${robot}`, department: null, tasks: ['FLT1'], mentions: { userIds: [], mobiles: [] } } });
          }
        }
      }
    }
    expect(await insertOutboxRows(database.db, rows)).toBe(rows.length);

    const config = loadConfig({ WECOM_API_BASE: proxy.url, DINGTALK_OAPI_BASE: proxy.url });
    const send = createSender({ wecom: createWecomOutboxSender({ config }), dingtalk: createDingtalkOutboxSender({ config }) });
    for (let i = 0; i < 3; i++) pools.push(await createDb(database.url, { migrate: false }));
    const workers: OutboxWorker[] = pools.map((p) => createOutboxWorker({ database: p, send, options: OPTIONS }));
    const t0 = Date.now();
    faultsUntil = t0 + FAULT_MS;
    for (const w of workers) w.start();
    const unsettled = async () => Number((await database.rows<{ n: number }>(
      sql`select count(*)::int as n from outbox where status in ('pending', 'sending')`))[0]!.n);
    let released = false;
    while (Date.now() - t0 < 60_000) {
      if (!released && Date.now() >= faultsUntil) { proxy.releaseHeld(); released = true; }
      if (released && (await unsettled()) === 0) break;
      await sleep(200);
    }
    const settledMs = Date.now() - t0;
    await Promise.all(workers.map((w) => w.stop()));
    await proxy.close();

    const final = await database.rows<{ dedupe_key: string; status: string; attempts: number; last_error: string | null }>(
      sql`select dedupe_key, status, attempts, last_error from outbox order by id`);
    const problems: string[] = [];
    let duplicates = 0;
    let bound = 0;
    for (const r of final) {
      const g = groupOfMarker.get(r.dedupe_key)!;
      const accepted = proxy.stats.accepted.get(r.dedupe_key) ?? 0;
      const hung = proxy.stats.hungAfterForward.get(r.dedupe_key) ?? 0;
      const mustDie = g === 'http500-forever' || g === 'invalid';
      if (r.status !== (mustDie ? 'dead' : 'sent')) problems.push(`${r.dedupe_key}: ${r.status} after ${r.attempts} attempts (${r.last_error})`);
      if (r.status === 'dead' && !r.last_error?.trim()) problems.push(`${r.dedupe_key}: dead without a reason`);
      if (r.status === 'sent' && accepted < 1) problems.push(`${r.dedupe_key}: marked sent, never reached the platform`);
      if (r.status === 'dead' && accepted > 0) problems.push(`${r.dedupe_key}: dead-lettered, but the platform has it`);
      if (accepted > 1 + hung) problems.push(`${r.dedupe_key}: ${accepted} deliveries, only ${hung} answers lost in flight`);
      duplicates += Math.max(0, accepted - 1);
      bound += hung;
    }
    const count = (s: string) => final.filter((r) => r.status === s).length;
    const fakeLimited = (proxy.stats.fakeRefusals.get(45009) ?? 0) + (proxy.stats.fakeRefusals.get(130101) ?? 0);
    const reasons = [...new Set(final.filter((r) => r.status === 'dead').map((r) => r.last_error!.replace(/[:：].*$/, '')))];
    summary('outbox faults', {
      rows: final.length, sent: count('sent'), dead: count('dead'), lost: count('pending') + count('sending'),
      duplicates, in_flight_bound: bound, settled_ms: settledMs,
      injected: [...proxy.stats.injected].map(([k, v]) => `${k}:${v}`).join(','),
      fake_rate_limited: fakeLimited, dead_reasons: reasons.join('|'),
    });
    expect(problems).toEqual([]);
    expect(count('pending') + count('sending')).toBe(0);
    expect(count('dead')).toBe(2 * 2 * 2 * ROWS_PER_ROBOT); // the two permanent groups
    expect(fakeLimited).toBe(0); // the workers never pushed a robot past 20 a minute at the fakes
    for (const f of ['http500', 'hang', 'blackhole', 'ratelimit'] as const) expect(proxy.stats.injected.get(f) ?? 0).toBeGreaterThan(0);
  });
});
