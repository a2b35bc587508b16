import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, pendingMigrations } from '../../db/client.js';
import { UserError } from '../../src/core/errors.js';
import { freshDatabase, onServer } from '../helpers/db.js';

describe('createDb', () => {
  it('applies every migration, and applying them again changes nothing', async () => {
    const database = await freshDatabase();
    try {
      expect(await pendingMigrations(database)).toBe(0);
      const tables = await database.rows<{ t: string }>(sql`select table_name as t from information_schema.tables
        where table_schema = 'public' order by 1`);
      expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining([
        'plans', 'departments', 'tasks', 'task_departments', 'chats', 'members', 'confirmations',
        'inbound_messages', 'outbox', 'audit_log', 'scheduler_runs',
      ]));
      if (onServer) {
        // Several replicas starting at once against one server: exactly one applies the migrations.
        const again = await Promise.all([1, 2, 3].map(() => createDb(database.url)));
        const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from planbot_migrations`) as [{ n: number }];
        const journal = JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'));
        expect(n).toBe(journal.entries.length);
        await Promise.all(again.map((d) => d.close()));
      }
    } finally {
      await database.close();
    }
  });

  it('a database whose migration was applied from an earlier version of its file is not migrated again', async () => {
    const database = await freshDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-migrated-'));
    const url = onServer ? database.url : `pglite://${dir}`;
    try {
      const first = onServer ? database : await createDb(url);
      // As a build before 0006's file was last edited recorded it: another content hash, the same journal entry.
      await first.rows(sql`update planbot_migrations set hash = 'hash-of-an-earlier-0006'
        where created_at = (select created_at from planbot_migrations order by created_at offset 6 limit 1)`);
      if (!onServer) await first.close();
      const again = await createDb(url);
      try {
        expect(await pendingMigrations(again)).toBe(0);
        expect((await again.rows<{ n: number }>(sql`select count(*)::int as n from reminder_announcements`))[0]?.n).toBe(0);
      } finally {
        await again.close();
      }
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the files of shipped migrations are never edited (a change goes in a new migration)', () => {
    const journal = JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] };
    const shipped: Record<string, string> = SHIPPED_MIGRATIONS;
    for (const { tag } of journal.entries) {
      const text = readFileSync(new URL(`../../db/migrations/${tag}.sql`, import.meta.url), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
      if (shipped[tag]) expect(hash, `${tag}.sql was edited after it shipped; add a new migration instead`).toBe(shipped[tag]);
    }
  });

  describe.skipIf(onServer)('embedded PGlite in a folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-pglite-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps its data across a restart', async () => {
      const first = await createDb(`pglite://${dir}`);
      await first.rows(sql`insert into departments (name) values ('局工会')`);
      await first.close();
      const second = await createDb(`pglite://${dir}`);
      const rows = await second.rows<{ name: string }>(sql`select name from departments`);
      await second.close();
      expect(rows.map((r) => r.name)).toEqual(['局工会']);
    });

    it('a folder that cannot be created is refused in Chinese, naming it', async () => {
      const file = path.join(dir, 'not-a-folder');
      writeFileSync(file, 'x');
      const err = await createDb(`pglite://${file}/db`).catch((e: unknown) => e);
      expect((err as Error).message).toContain(`无法在 ${file}/db 创建内置数据库`);
    });

    it('a folder holding other files is not taken over', async () => {
      const other = path.join(dir, 'other-files');
      mkdirSync(other);
      writeFileSync(path.join(other, '工作计划.docx'), 'x');
      const err = await createDb(`pglite://${other}`).catch((e: unknown) => e);
      expect((err as Error).message).toContain('该目录里已有其他文件');
      expect(readdirSync(other)).toEqual(['工作计划.docx']);
      expect(readdirSync(dir).filter((f) => f.includes('.creating-'))).toEqual([]);
    });

    it('a path that is a file is refused; a staging folder left by a process that died is cleared away', async () => {
      const file = path.join(dir, 'a-file');
      writeFileSync(file, 'x');
      expect(((await createDb(`pglite://${file}`).catch((e: unknown) => e)) as Error).message).toContain('该路径不是目录');
      const abandoned = path.join(dir, 'fresh.creating-2147483646-1');
      mkdirSync(abandoned);
      writeFileSync(path.join(abandoned, 'PG_VERSION'), '17');
      const db = await createDb(`pglite://${path.join(dir, 'fresh')}`);
      await db.close();
      expect(readdirSync(dir).filter((f) => f.startsWith('fresh'))).toEqual(['fresh']);
    });

    it('two creating the same new folder at once: one opens it, the other is told it is in use; one working database', async () => {
      const shared = path.join(dir, 'together');
      const both = await Promise.allSettled([createDb(`pglite://${shared}`), createDb(`pglite://${shared}`)]);
      const opened = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = both.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
      expect(opened).toHaveLength(1);
      expect(refused.map((e) => e.message)).toEqual([expect.stringContaining('正被另一个程序使用')]);
      await opened[0]!.close();
      const again = await createDb(`pglite://${shared}`);
      await again.rows(sql`insert into departments (name) values ('一同创建')`);
      const rows = await again.rows<{ name: string }>(sql`select name from departments`);
      await again.close();
      expect(rows.map((r) => r.name)).toEqual(['一同创建']);
      expect(readdirSync(dir).filter((f) => f.includes('.creating-'))).toEqual([]);
    });
  });

  describe.skipIf(onServer)('one program at a time on an embedded database folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-hold-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses a second opening in Chinese until the first one closes', async () => {
      const folder = path.join(dir, 'one');
      const first = await createDb(`pglite://${folder}`);
      const err = await createDb(`pglite://${folder}`).then(() => undefined, (e: unknown) => e as UserError);
      expect(err).toBeInstanceOf(UserError);
      expect(err!.code).toBe('DATABASE_UNAVAILABLE');
      expect(err!.message).toContain('请先停止助手');
      await first.rows(sql`insert into departments (name) values ('仍可写入')`);
      await first.close();
      const again = await createDb(`pglite://${folder}`);
      const rows = await again.rows<{ name: string }>(sql`select name from departments`);
      await again.close();
      expect(rows.map((r) => r.name)).toEqual(['仍可写入']);
    });

    it('refuses while another live process holds the folder, and takes over from one that died', async () => {
      const folder = path.join(dir, 'two');
      await (await createDb(`pglite://${folder}`)).close();
      const holder = spawn('sleep', ['30']);
      try {
        writeFileSync(path.join(folder, 'planbot.pid'), `${holder.pid}\n`);
        const err = await createDb(`pglite://${folder}`).then(() => undefined, (e: unknown) => e as Error);
        expect(err?.message).toContain(`进程号 ${holder.pid}`);
      } finally {
        holder.kill();
        await new Promise((resolve) => holder.once('exit', resolve));
      }
      // The holder is gone (killed, crashed): its file no longer keeps anyone out.
      const database = await createDb(`pglite://${folder}`);
      expect(readFileSync(path.join(folder, 'planbot.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} ${hostname()} `));
      await database.close();
      expect(readdirSync(folder)).not.toContain('planbot.pid');
    });

    it('another container on the same volume (another host name, maybe the same process id) holds it until its file goes stale', async () => {
      const folder = path.join(dir, 'three');
      await (await createDb(`pglite://${folder}`)).close();
      const file = path.join(folder, 'planbot.pid');
      // Both containers may run as process 1: the id says nothing across hosts, the host name does.
      const theirs = `${process.pid} other-container abc\n`;
      writeFileSync(file, theirs);
      const err = await createDb(`pglite://${folder}`).then(() => undefined, (e: unknown) => e as Error);
      expect(err?.message).toContain(`主机 other-container 上的进程 ${process.pid}`);
      expect(err?.message).toContain('约 35 秒后重试');
      // The refused process leaves the holder's file alone.
      expect(readFileSync(file, 'utf8')).toBe(theirs);
      // A holder that stopped touching its file (killed with its container) no longer keeps anyone out.
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
      const database = await createDb(`pglite://${folder}`);
      expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^${process.pid} ${hostname()} `));
      await database.close();
    });
  });

  it('reports an unreachable server as a connection error', async () => {
    const err = await createDb('postgres://postgres@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const { isConnectionError } = await import('../../src/core/errors.js');
    expect(isConnectionError(err)).toBe(true);
  });
});

/**
 * The migrations as they shipped (first 16 hex digits of each file's sha256). A database records what it applied;
 * a file edited afterwards would differ between installs. Add the new one here when adding a migration.
 */
const SHIPPED_MIGRATIONS: Record<string, string> = {
  '0000_init': 'd9719b03d647ceed',
  '0001_outbox_attempted_at': '7c9b2b1c160adb70',
  '0002_catalog_version': 'e4251352965c6512',
  '0003_inbound_attempt': 'f1ca461d7f892a00',
  '0004_inbound_handled': '3772a44e65909bbf',
  '0005_catalog_version_at_commit': 'e364a07c0e3b390b',
  '0006_reminder_announcements': '87c2088dda869f10',
  '0007_inbound_resume': '42e31db9be3ca840',
  '0008_chat_receives_reminders': '31329bfee009fbf4',
  '0009_calendar_days': 'd8ddcbdb8b6cdd19',
};
