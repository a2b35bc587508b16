import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { COPIED_TABLES } from '../../src/cli/db-copy.js';
import { freshDatabase, onServer } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

// A trial on the embedded database goes live on a PostgreSQL server (or, without one here, another embedded
// database): everything the office did is there afterwards, and the bot goes on as before.

const dir = mkdtempSync(path.join(tmpdir(), 'planbot-db-copy-'));
const sourceUrl = `pglite://${path.join(dir, 'trial')}`;
let target: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let targetUrl: string;

beforeAll(async () => {
  const source = await createDb(sourceUrl);
  try {
    await loadExamples(source);
  } finally {
    await source.close();
  }
  const ask = (text: string, chat: string, user: string, today: string) =>
    planbot(['ask', text, '--chat', chat, '--user', user, '--today', today, '--db', sourceUrl]);
  expect((await ask('完成 Y9G5 发放慰问品600份', '机关工会群', '赵主席', '2026-01-25')).stdout).toContain('已记录');
  expect((await planbot(['holidays', 'import', path.resolve(import.meta.dirname, '../fixtures/holidays/2027-made-up.txt'), '--db', sourceUrl])).code).toBe(0);
  if (onServer) {
    target = await freshDatabase();
    targetUrl = target.url;
  } else {
    targetUrl = `pglite://${path.join(dir, 'live')}`;
  }
}, 120_000);
afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (db: Database, table: string) =>
  Number((await db.rows<{ n: number }>(sql`select count(*) as n from ${sql.identifier(table)}`))[0]!.n);

describe(`planbot db copy (into ${onServer ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('copies every table: the plan, directory, confirmations, holidays and history, and the bot answers the same', async () => {
    const r = await planbot(['db', 'copy', '--to', targetUrl, '--db', sourceUrl]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^已复制到 .*计划 1，部门 \d+，任务 18/);
    const [source, live] = [await createDb(sourceUrl), await createDb(targetUrl)];
    try {
      for (const table of COPIED_TABLES) expect(await count(live, table), table).toBe(await count(source, table));
      // No table of the schema is left out of the copy.
      const tables = await live.rows<{ name: string }>(sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'planbot_migrations'`);
      expect(tables.map((t) => t.name).sort()).toEqual([...COPIED_TABLES].sort());
    } finally {
      await source.close();
      await live.close();
    }
    const progress = await planbot(['ask', '完成了哪些', '--chat', '机关工会群', '--user', '赵主席', '--today', '2026-02-01', '--db', targetUrl]);
    expect(progress.stdout).toContain('Y9G5');
    const holidays = await planbot(['holidays', '--db', targetUrl]);
    expect(holidays.stdout).toContain('已导入：2027年');
    // New rows get new ids: the sequences continue after the copied ones.
    const more = await planbot(['ask', '完成 C6U4', '--chat', '机关工会群', '--user', '赵主席', '--today', '2026-02-01', '--db', targetUrl]);
    expect(more.code).toBe(0);
  });

  it('refuses a target that already holds data, and writes nothing', async () => {
    const r = await planbot(['db', 'copy', '--to', targetUrl, '--db', sourceUrl]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('目标数据库中已有数据');
    const live = await createDb(targetUrl);
    try {
      expect(await count(live, 'plans')).toBe(1);
    } finally {
      await live.close();
    }
  });

  it('without --to, or with an address that is no database, says how to write it', async () => {
    expect((await planbot(['db', 'copy', '--db', sourceUrl])).stderr).toContain('请用 --to 指定目标数据库');
    expect((await planbot(['db', 'copy', '--to', 'mysql://x', '--db', sourceUrl])).stderr).toContain('请用 --to 指定目标数据库');
  });
});
