import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createDb, type Database } from '../../db/client.js';

/**
 * A fresh, migrated database for one test file. With TEST_DATABASE_URL (postgres://…) it is a new
 * database on that server, dropped afterwards; otherwise an in-memory PGlite.
 */
export async function freshDatabase(): Promise<Database & { url: string }> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return Object.assign(await createDb('pglite://memory'), { url: 'pglite://memory' });
  const name = `planbot_test_${randomBytes(5).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await createDb(url);
  const close = database.close;
  return Object.assign(database, {
    url,
    close: async () => {
      await close();
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  });
}

export const onServer = Boolean(process.env.TEST_DATABASE_URL);

/**
 * The database as seen over a connection that breaks once: after `after` statements run through `rows()`,
 * the next one is executed and committed by the server, then its answer is lost and the caller gets a
 * connection error.
 */
export function losesNextAnswer(database: Database, { after = 0, code = 'CONNECTION_CLOSED' } = {}): Database {
  let countdown = after;
  let armed = true;
  return {
    ...database,
    rows: async <T,>(query: Parameters<Database['rows']>[0], tx?: Parameters<Database['rows']>[1]) => {
      const r = await database.rows<T>(query, tx);
      if (armed && countdown-- <= 0) {
        armed = false;
        throw Object.assign(new Error(`${code}: connection lost after the statement was sent`), { code });
      }
      return r;
    },
  };
}

/**
 * For a whole test file: a fresh database (see freshDatabase) emptied of `clean` tables before each test,
 * and `handles(n)`: n handles on it as n bot processes would hold them (own connections on PostgreSQL; on
 * PGlite, which has one connection, the same instance n times). All closed after the file.
 */
export function sharedDatabase(opts: { clean?: string } = {}) {
  const extra: Database[] = [];
  const env = {
    database: undefined as unknown as Database & { url: string },
    async handles(n: number): Promise<Database[]> {
      if (!onServer) return Array.from({ length: n }, () => env.database);
      return Promise.all(Array.from({ length: n }, async () => {
        const d = await createDb(env.database.url);
        extra.push(d);
        return d;
      }));
    },
  };
  beforeAll(async () => { env.database = await freshDatabase(); });
  afterAll(async () => {
    for (const d of extra) await d.close();
    await env.database?.close();
  });
  if (opts.clean) beforeEach(async () => { await env.database.rows(sql`delete from ${sql.identifier(opts.clean!)}`); });
  return env;
}
