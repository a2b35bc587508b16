import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config/index.js';
import { createDb, type Database } from '../db/client.js';
import { insertOutboxRows, type NewOutboxRow } from '../db/repositories/outbox.js';
import { createSender } from '../src/outbox/senders.js';
import { createOutboxWorker } from '../src/outbox/worker.js';
import { createDingtalkOutboxSender, createWecomOutboxSender } from '../src/platforms/index.js';
import { fireReminders } from '../src/reminders/fire.js';
import { reminderSettings } from '../src/reminders/settings.js';
import { instantAt } from '../src/schedule/days.js';
import { startChild } from './child.js';
import { type Figure, type Section } from './lib.js';
import { scratchDatabaseUrl } from './pg.js';

const CHATS = 10_000;
/** Robots given more than a minute's worth of rows, to show the limit holds: HOT × HOT_ROWS rows. */
const HOT = 10;
const HOT_ROWS = 30;
const WORKERS = 3;
const ROBOT_SECRET = 'SECbenchsecret';

interface FakeReport { total: number; robots: number; worst: number; worstRobot: string; robotsOver: number; first: number; last: number }

/** One October task for every one of CHATS departments, each with its own bound chat and robot (half WeCom, half DingTalk). */
async function seed(database: Database, urls: { wecom: string; dingtalk: string }) {
  await database.rows(sql`insert into plans (title, year, source_name, source_sha256) values ('扇出基准计划', 2026, 'bench.md', 'bench')`);
  await database.rows(sql`insert into tasks (plan_id, position, code, ref, title, kind, windows)
    select id, 0, 'FAN1', '1', '组织职工疗休养', 'scheduled', '[{"startYear":2026,"startMonth":10,"endYear":2026,"endMonth":10}]'::jsonb
    from plans`);
  await database.rows(sql`insert into departments (name) select '基层工会' || g from generate_series(1, ${CHATS}) g`);
  await database.rows(sql`insert into task_departments (task_id, department_id, role, position)
    select t.id, d.id, case when d.id = 1 then 'lead' else 'assist' end, d.id - 1 from tasks t, departments d`);
  await database.rows(sql`insert into chats (platform, external_id, name, department_id, push)
    select case when d.id % 2 = 0 then 'wecom' else 'dingtalk' end, 'chat' || d.id, d.name || '群', d.id,
      case when d.id % 2 = 0
        then jsonb_build_object('webhook', ${urls.wecom}::text || '/cgi-bin/webhook/send?key=k' || d.id)
        else jsonb_build_object('webhook', ${urls.dingtalk}::text || '/robot/send?access_token=t' || d.id, 'secret', ${ROBOT_SECRET}::text)
      end
    from departments d`);
}

/** HOT robots, each with HOT_ROWS rows queued at once (a month of digests, say): more than 20 a minute would trip the fakes. */
async function seedHot(database: Database, urls: { wecom: string; dingtalk: string }): Promise<number> {
  const rows: NewOutboxRow[] = [];
  for (let h = 1; h <= HOT; h++) {
    const wecom = h % 2 === 0;
    const push = wecom
      ? { webhook: `${urls.wecom}/cgi-bin/webhook/send?key=hot${h}` }
      : { webhook: `${urls.dingtalk}/robot/send?access_token=hot${h}`, secret: ROBOT_SECRET };
    const [chat] = await database.rows<{ id: number }>(sql`insert into chats (platform, external_id, name, push)
      values (${wecom ? 'wecom' : 'dingtalk'}, ${`hot${h}`}, ${`热门群${h}`}, ${JSON.stringify(push)}::jsonb) returning id`);
    for (let i = 0; i < HOT_ROWS; i++) {
      rows.push({ dedupeKey: `bench-hot|${h}|${i}`, kind: 'kickoff', chatId: chat!.id, platform: wecom ? 'wecom' : 'dingtalk',
        robotKey: `bench:hot${h}`, payload: { format: 'text', text: `【任务#FAN1】热门群第${i + 1}条`, kind: 'kickoff',
          chatName: `热门群${h}`, chatExternalId: `hot${h}`, department: null, tasks: ['FAN1'], mentions: { userIds: [], mobiles: [] } } });
    }
  }
  return insertOutboxRows(database.db, rows);
}

const sentCount = async (database: Database) =>
  Number((await database.rows<{ n: number }>(sql`select count(*)::int as n from outbox where status = 'sent'`))[0]!.n);

/**
 * Month kick-off for 10,000 chats on PostgreSQL: decide and enqueue (one fireReminders), then delivery by
 * three outbox workers (each its own connection pool, default options) to the fake platforms in a child process.
 */
export async function benchFanOut(): Promise<Section> {
  const scratch = await scratchDatabaseUrl();
  const pools: Database[] = [];
  const fakes = startChild(path.join(import.meta.dirname, 'platform-fakes.ts'));
  try {
    const database = await createDb(scratch.url);
    pools.push(database);
    const wecomKeys = [...Array.from({ length: CHATS }, (_, i) => `k${i + 1}`), ...Array.from({ length: HOT }, (_, i) => `hot${i + 1}`)];
    const dingRobots = Object.fromEntries([...Array.from({ length: CHATS }, (_, i) => `t${i + 1}`),
      ...Array.from({ length: HOT }, (_, i) => `hot${i + 1}`)].map((t) => [t, ROBOT_SECRET]));
    const urls = await fakes.call<{ wecom: string; dingtalk: string }>('start', { wecomKeys, dingRobots });
    await seed(database, urls);
    await database.rows(sql`analyze`);

    const at = instantAt('2026-10-08', '09:00');
    const t0 = performance.now();
    const fired = await fireReminders(database, at, { settings: reminderSettings() });
    const enqueueMs = performance.now() - t0;
    if (fired.inserted !== CHATS) throw new Error(`fan-out enqueued ${fired.inserted} rows, expected ${CHATS}`);
    const hot = await seedHot(database, urls);

    // Delivery: three workers, as three replicas would run them, each with its own pool.
    for (let i = 1; i < WORKERS; i++) pools.push(await createDb(scratch.url, { migrate: false }));
    const config = loadConfig({ WECOM_API_BASE: urls.wecom, DINGTALK_OAPI_BASE: urls.dingtalk });
    const send = createSender({ wecom: createWecomOutboxSender({ config }), dingtalk: createDingtalkOutboxSender({ config }) });
    const workers = pools.map((p) => createOutboxWorker({ database: p, send }));
    const deliverable = CHATS + HOT * 20; // the rest of each hot robot's rows must wait for the next minute
    const d0 = Date.now();
    for (const w of workers) w.start();
    let sent = 0;
    const deadline = d0 + 240_000;
    while ((sent = await sentCount(database)) < deliverable && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const deliveredAt = Date.now();
    // Hold the workers a few more seconds: a hot robot's 21st row must not go out inside its minute.
    await new Promise((r) => setTimeout(r, 5_000));
    await Promise.all(workers.map((w) => w.stop()));
    const deliverySeconds = (deliveredAt - d0) / 1000;
    const report = await fakes.call<FakeReport>('report', { windowMs: 60_000 });
    const [states] = await database.rows<{ sent: number; pending: number; dead: number; retried: number; limited: number }>(sql`
      select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status in ('pending', 'sending'))::int as pending,
        count(*) filter (where status = 'dead')::int as dead, count(*) filter (where attempts > 1)::int as retried,
        count(*) filter (where last_error like '%限流%')::int as limited from outbox`);
    const finalSent = states!.sent;
    const rate = sent / deliverySeconds;

    const figures: Figure[] = [
      { name: `kick-off for ${CHATS.toLocaleString('en')} chats: decide and enqueue (one fireReminders)`, value: `${(enqueueMs / 1000).toFixed(2)} s`,
        target: '≤ 5 s', met: enqueueMs <= 5_000, note: enqueueMs <= 5_000 ? `${fired.inserted} rows` : `over by ${((enqueueMs - 5_000) / 1000).toFixed(2)} s` },
      { name: `delivery by ${WORKERS} workers to the fake platforms (${CHATS} robots × 1 + ${HOT} robots × ${HOT_ROWS})`,
        value: `${rate.toFixed(0)} messages/s`,
        note: `${sent} sent in ${deliverySeconds.toFixed(1)} s (half WeCom webhook, half signed DingTalk robot; default worker options, fakes in a child process)` },
      { name: 'no robot over 20 a minute (at the fakes, any 60 s window)', value: `worst ${report.worst} (${report.worstRobot})`,
        target: '≤ 20', met: report.worst <= 20 && report.robotsOver === 0 && states!.limited === 0,
        note: `${report.robots} robots, ${states!.limited} rate-limit answers; each hot robot left ${HOT_ROWS - 20} rows for its next minute (${states!.pending} pending)` },
      { name: 'delivered exactly once', value: `${report.total} arrivals for ${finalSent} sent rows`,
        target: 'equal', met: report.total === finalSent && states!.dead === 0 && states!.retried === 0,
        note: `${states!.dead} dead, ${states!.retried} retried, ${hot} hot rows` },
    ];
    return { title: 'Fan-out (PostgreSQL)', figures };
  } finally {
    for (const p of pools) await p.close().catch(() => {});
    await fakes.close();
    await scratch.drop();
  }
}
