import { createDb, type Database } from '../../db/client.js';
import { loadConfig, type Config } from '../../config/index.js';
import { databaseUnavailable, isConnectionError } from '../core/errors.js';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

/** Opens the database the command names (--db, else DATABASE_URL, else embedded ./data/pglite). */
export async function openDatabase(io: CliIo, dbFlag?: string): Promise<{ config: Config; database: Database }> {
  const config = loadConfig(dbFlag ? { ...io.env, DATABASE_URL: dbFlag } : io.env);
  try {
    return { config, database: await createDb(config.DATABASE_URL) };
  } catch (err) {
    if (isConnectionError(err)) throw databaseUnavailable(redact(config.DATABASE_URL), err);
    throw err;
  }
}

/** A database URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
