import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, pendingMigrations } from '../../db/client.js';
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

    it('two creating the same new folder at once both succeed, and leave one working database', async () => {
      const shared = path.join(dir, 'together');
      const both = await Promise.all([createDb(`pglite://${shared}`), createDb(`pglite://${shared}`)]);
      await Promise.all(both.map((d) => d.close()));
      const again = await createDb(`pglite://${shared}`);
      await again.rows(sql`insert into departments (name) values ('一同创建')`);
      const rows = await again.rows<{ name: string }>(sql`select name from departments`);
      await again.close();
      expect(rows.map((r) => r.name)).toEqual(['一同创建']);
      expect(readdirSync(dir).filter((f) => f.includes('.creating-'))).toEqual([]);
    });
  });

  it('reports an unreachable server as a connection error', async () => {
    const err = await createDb('postgres://postgres@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const { isConnectionError } = await import('../../src/core/errors.js');
    expect(isConnectionError(err)).toBe(true);
  });
});
