import { createDb, type Database } from '../../db/client.js';
import { loadConfig, type Config } from '../../config/index.js';
import { databaseRefusal } from '../core/errors.js';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** An already open database to use instead of opening one (in-process callers such as tests and the bench). */
  database?: Database;
}

/**
 * Runs `fn` with the database the command names (--db, else DATABASE_URL, else embedded ./data/pglite),
 * closing it afterwards. A database handed in through `io` is used as is and left open.
 */
export async function withDatabase<T>(
  io: CliIo, dbFlag: string | undefined, fn: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(dbFlag ? { ...io.env, DATABASE_URL: dbFlag } : io.env);
  if (io.database) return fn(io.database, config);
  let database: Database;
  try {
    database = await createDb(config.DATABASE_URL);
  } catch (err) {
    throw databaseRefusal(redact(config.DATABASE_URL), err) ?? err;
  }
  try {
    return await fn(database, config);
  } catch (err) {
    throw databaseRefusal(redact(config.DATABASE_URL), err) ?? err;
  } finally {
    await database.close().catch(() => {});
  }
}

/** A database URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
