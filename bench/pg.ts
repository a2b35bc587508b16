import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type Database } from '../db/client.js';
import { loadExamples as loadSharedExamples } from '../src/bootstrap/load-examples.js';

/** The PostgreSQL server benchmarks create their throwaway databases on (loopback only). */
export const BENCH_SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';


/** A new, empty database on the benchmark server: its URL, and a drop() that removes it. */
export async function scratchDatabaseUrl(server = BENCH_SERVER_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `planbot_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * A fresh migrated database on the server (dropped by close()), or an in-memory PGlite; opened by `open`, the
 * compiled app's createDb (bench/production.ts) where the app under measurement is the compiled one.
 */
export async function benchDatabase(kind: 'postgres' | 'pglite', open: typeof createDb = createDb): Promise<Database> {
  if (kind === 'pglite') return open('pglite://memory');
  const scratch = await scratchDatabaseUrl();
  const database = await open(scratch.url);
  const close = database.close;
  return Object.assign(database, { close: async () => { await close(); await scratch.drop(); } });
}

/** The example plan and directory (examples/), as a newcomer's PGlite gets them on first start. */
export const loadExamples = (database: Database) => loadSharedExamples(database, 'bench');

/** Is the benchmark server answering? Sections that need it say so instead of failing the whole run. */
export async function serverReachable(server = BENCH_SERVER_URL): Promise<boolean> {
  const sql = postgres(server, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
