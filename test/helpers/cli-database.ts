import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Database } from '../../db/client.js';
import { runCli } from '../../src/cli.js';
import { freshDatabase, onServer } from './db.js';

/**
 * A database the CLI can open by URL, prepared by `setup` first. On PostgreSQL (TEST_DATABASE_URL) it is a
 * fresh database on that server; otherwise an on-disk PGlite in a temporary folder, closed after setup
 * because one PGlite folder can only be open once at a time.
 */
export async function cliDatabase(setup: (database: Database) => Promise<void>): Promise<{ url: string; dispose(): Promise<void> }> {
  if (onServer) {
    const database = await freshDatabase();
    await setup(database);
    return { url: database.url, dispose: () => database.close() };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'planbot-chat-'));
  const url = `pglite://${dir}`;
  const database = await createDb(url);
  try {
    await setup(database);
  } finally {
    await database.close();
  }
  return { url, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `planbot …` in-process; returns the exit code and what it printed. */
export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
