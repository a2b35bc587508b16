import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-fake.js';
import { planbot } from '../helpers/cli.js';
import { requirePostgres, startThrowawayCluster, type ThrowawayCluster } from './postgres.js';

const root = path.resolve(import.meta.dirname, '../..');
const ROBOTS = ['R1', 'R2', 'R3'];
const SECRET = 'SECthreebots';
const OUTAGE_MS = 30_000;

/** One whole bot process (`node --import tsx src/server.ts`), as an admin runs it, against the shared cluster. */
function startBot(url: string, fake: FakeDingtalk, name: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env, DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'error', BOT_NAME: name,
      DINGTALK_OAPI_BASE: fake.url, DINGTALK_API_BASE: fake.url, WECOM_API_BASE: fake.url,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Issue 5: three bot processes against one database and the fake platform, the database away for
// 30 s in the middle of delivery: every push delivered exactly once, no robot over 20 a minute.
describe('three bot processes, one database, a 30 s database outage during delivery', () => {
  let cluster: ThrowawayCluster;
  let fake: FakeDingtalk;
  let database: Database;
  let url: string;
  const bots: ChildProcess[] = [];

  beforeAll(async () => {
    requirePostgres();
    cluster = await startThrowawayCluster();
    url = await cluster.createDatabase('threebots');
    fake = await startFakeDingtalk({ robots: Object.fromEntries(ROBOTS.map((r) => [r, SECRET])) });
    database = await createDb(url);
  });
  afterAll(async () => {
    for (const b of bots) b.kill('SIGKILL');
    await database?.close().catch(() => {});
    await fake?.close();
    await cluster?.destroy();
  });

  it('delivers every row once and resumes by itself after the outage', async () => {
    // 18 department chats on 3 custom robots (6 chats each), every department with a July kick-off.
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-3bots-'));
    const plan = ['2026年测试局工会工作计划', '', '附件：重点工作安排表', '', '| 序号 | 计划时间 | 工作内容 | 负责部门 |', '| --- | --- | --- | --- |',
      ...Array.from({ length: 18 }, (_, i) => `| ${i + 1} | 7月 | 第${i + 1}项暑期工作 | 部门${i + 1} |`)].join('\n');
    writeFileSync(path.join(dir, 'plan.md'), plan);
    const chats = Array.from({ length: 18 }, (_, i) => `  - { platform: dingtalk, id: "cid${i}", name: 部门${i + 1}群, department: 部门${i + 1},
      push: { webhook: "${fake.url}/robot/send?access_token=${ROBOTS[i % 3]}", secret: "${SECRET}" } }`);
    writeFileSync(path.join(dir, 'directory.yaml'), `chats:\n${chats.join('\n')}\n`);
    expect((await planbot(['import', path.join(dir, 'plan.md'), '--json'], { database })).code).toBe(0);
    // The robots' addresses are checked against DINGTALK_OAPI_BASE, as the bot sends to them.
    const imported = await planbot(['directory', 'import', path.join(dir, 'directory.yaml')], { database, env: { DINGTALK_OAPI_BASE: fake.url } });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const enqueued = await planbot(['remind', '--at', '2026-07-01T09:00:00+08:00', '--json'], { database });
    expect(enqueued.code).toBe(0);
    const rows = async () => database.rows<{ id: number; status: string; dedupe_key: string }>(
      sql`select id::int as id, status, dedupe_key from outbox where dedupe_key like 'kickoff%' order by id`);
    const total = (await rows()).length;
    expect(total).toBe(18);

    for (const name of ['a', 'b', 'c']) bots.push(startBot(url, fake, name));
    const robotSends = () => fake.received.filter((r) => r.path === '/robot/send');
    // Let delivery start, then take the database away for 30 s.
    for (let i = 0; i < 600 && robotSends().length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect(robotSends().length).toBeGreaterThan(0);
    await cluster.stop('immediate');
    const during = robotSends().length;
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const beforeRestart = robotSends().length;
    await cluster.start();
    const sent = async () => (await rows()).filter((r) => r.status === 'sent').length;
    for (let i = 0; i < 900; i++) {
      try { if ((await sent()) === total) break; } catch { /* the test's own pool reconnects too */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await sent()).toBe(total);
    await new Promise((r) => setTimeout(r, 1_000)); // anything still in flight lands before counting

    // Exactly once per chat: each kick-off text names its own department's task.
    const sends = robotSends();
    const perDept = new Map<string, number>();
    const firstAt = new Map<string, number>();
    for (const [index, s] of sends.entries()) {
      const text = JSON.stringify(s.body);
      if (!text.includes('任务开始')) continue; // only the kick-offs enqueued above
      const dept = /部门(\d+)/.exec(text)?.[1];
      if (!dept) continue;
      perDept.set(dept, (perDept.get(dept) ?? 0) + 1);
      if (!firstAt.has(dept)) firstAt.set(dept, index);
    }
    const duplicates = [...perDept].filter(([, n]) => n > 1);
    console.info(`[three-bots] ${total} rows, ${sends.length} robot sends (${during} before the outage), ` +
      `${duplicates.length} duplicated, ${total - perDept.size} lost`);
    expect(perDept.size).toBe(total); // nothing lost
    // The documented bound: a push the platform accepted while the database was going away could not be
    // recorded as sent, so it is sent once more after recovery. Nothing else repeats, and nothing thrice.
    for (const [dept, n] of duplicates) {
      expect(n, `部门${dept}`).toBe(2);
      expect(firstAt.get(dept)!, `部门${dept} first reached the platform before the database came back`)
        .toBeLessThan(beforeRestart);
    }
    expect(duplicates.length).toBeLessThanOrEqual(beforeRestart);
    // No robot over 20 in any minute, counted on what the platform received.
    for (const robot of ROBOTS) {
      const n = sends.filter((s) => s.query.access_token === robot).length;
      expect(n).toBeLessThanOrEqual(20);
    }
  }, 180_000);
});
