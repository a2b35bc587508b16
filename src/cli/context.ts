import path from 'node:path';
import { createDb, type Database } from '../../db/client.js';
import { loadConfig, type Config } from '../../config/index.js';
import { databaseRefusal, UserError } from '../core/errors.js';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Asks the person at the terminal (only when isTTY) and resolves with their answer. */
  ask?: (question: string) => Promise<string>;
  /** An already open database to use instead of opening one (in-process callers such as tests and the bench). */
  database?: Database;
}

/**
 * A file named on the command line, from the folder the user typed the command in: `npm run` runs scripts in the
 * project folder and leaves the user's own in INIT_CWD.
 */
export function userPath(io: CliIo, file: string): string {
  return path.resolve(io.env.INIT_CWD || process.cwd(), file);
}

/** Asks a yes/no question at the terminal; Enter alone takes `byDefault`. */
export async function confirm(io: CliIo, question: string, byDefault: boolean): Promise<boolean> {
  const answer = ((await io.ask?.(question)) ?? '').trim().toLowerCase();
  if (!answer) return byDefault;
  return ['y', 'yes', '是', '确认', '好', '对'].includes(answer);
}

/**
 * Runs `fn` with the database the command names (--db, else DATABASE_URL, else embedded ./data/pglite),
 * closing it afterwards. A database handed in through `io` is used as is and left open.
 */
export async function withDatabase<T>(
  io: CliIo, dbFlag: string | undefined, fn: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  if (dbFlag !== undefined && !/^(postgres(ql)?:\/\/|pglite(:|$))/.test(dbFlag)) {
    throw new UserError('USAGE', `--db 的取值无效。应为 postgres://用户:密码@主机:5432/库名，或 pglite:///绝对路径、pglite://memory；`
      + '不写 --db 则使用 DATABASE_URL 或内置数据库 ./data/pglite。');
  }
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
  return url
    .replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
    // postgres.js, like libpq, also takes the password as a query parameter.
    .replace(/([?&](?:password|sslpassword)=)[^&#]*/gi, '$1***');
}
