import { execFile } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { UserError } from '../src/core/errors.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle both drivers share; repositories only see this type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Human-readable location without credentials, for logs. */
  where: string;
  /** Runs raw SQL and returns its rows, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL, tx?: DbOrTx): Promise<T[]>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens the database named by `url` and applies pending migrations.
 * `postgres://…` is a PostgreSQL server; `pglite:///abs/dir`, `pglite://memory` and plain `pglite`
 * (./data/pglite) are embedded PGlite. One schema and one set of queries serve both.
 */
export async function createDb(url: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  const database = /^postgres(ql)?:\/\//.test(url) ? await openPostgres(url) : await openPglite(url);
  if (opts.migrate !== false) {
    try {
      await migrate(database);
    } catch (err) {
      await database.close().catch(() => {});
      throw err;
    }
  }
  return database;
}

/**
 * The same embedded database opened afresh, after a start that created, migrated and filled it (the first
 * start): that work grew PGlite's WASM memory, which never shrinks, by about 20 MB for good. A new instance
 * starts small, as on every later start. A database in memory (nothing to reopen) or on a server is kept.
 */
export async function reopenedEmbedded(database: Database, url: string): Promise<Database> {
  if (database.kind !== 'pglite' || database.where === 'memory') return database;
  await database.close();
  collectGarbage();
  return createDb(url);
}

async function openPostgres(url: string): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    connect_timeout: 10,
    // node-postgres style: bigint counts come back as numbers where they fit.
    types: { bigint: postgres.BigInt },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  const u = new URL(url);
  return {
    db,
    kind: 'postgres',
    where: `${u.hostname}:${u.port || 5432}${u.pathname}`,
    rows: async <T>(query: SQL, tx?: DbOrTx) => [...((await (tx ?? db).execute(query)) as unknown as T[])],
    close: () => client.end({ timeout: 5 }),
  };
}

export function pgliteDir(url: string): string | undefined {
  if (url === 'pglite') return path.resolve('data/pglite');
  if (url === 'pglite://memory' || url === 'pglite://') return undefined;
  if (url.startsWith('pglite://')) return decodeURIComponent(url.slice('pglite://'.length));
  throw new Error(`unsupported database url scheme: ${url.split(':')[0]}`);
}

/**
 * Creates and initialises a PGlite data folder in a child process (same PGlite, same settings). The child
 * works in a staging folder beside `dir` (mode 700), which is then renamed into place, so a crash leaves no
 * half-made database and two processes starting at once (the bot and `planbot import`, say) both end up
 * with the one that got there first. Where that cannot work (the parent folder is not writable, or `dir` is
 * a mount point), the child works in place, under a lock file.
 */
async function createPgliteFolder(dir: string, options: { postgresqlconf: string[] }): Promise<void> {
  const failed = (detail: string, cause?: unknown, advice = '请确认该目录可写、磁盘有剩余空间。') =>
    new UserError('DATABASE_UNAVAILABLE', `无法在 ${dir} 创建内置数据库：${detail}。${advice}`, { cause });
  const initialised = () => holdsDatabase(dir);
  const entries = (): string[] | 'missing' | 'file' => {
    try {
      return readdirSync(dir);
    } catch (err) {
      if (denied(err)) throw noWriteAccess(dir, err); // not ours to read: another user's database, say
      return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'file';
    }
  };
  const found = entries();
  if (found === 'file') throw failed('该路径不是目录', undefined, '请换一个目录。');
  if (found !== 'missing' && found.length) {
    throw failed('该目录里已有其他文件，不是内置数据库目录', undefined, '请换一个空目录，或移走其中的文件。');
  }
  const parent = path.dirname(dir);
  removeAbandonedStaging(parent, path.basename(dir));
  const staging = `${dir}.creating-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(staging, { mode: 0o700 });
  } catch {
    return initialiseInPlace(dir, options, failed);
  }
  try {
    await initdbInChild(staging, options, failed);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (initialised()) return; // another process was first
      try {
        const now = entries();
        if (Array.isArray(now) && now.length === 0) rmdirSync(dir);
        renameSync(staging, dir);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Another process moved in, or took the empty folder away, between our look and our move: look again.
        if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST') continue;
        if (code === 'EBUSY' || code === 'EXDEV' || code === 'EPERM' || code === 'EACCES') break; // a mount point, or not allowed
        throw failed((err as Error).message, err);
      }
    }
    if (initialised()) return;
    await initialiseInPlace(dir, options, failed);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs initdb in `dir` itself; `${dir}.lock` (created exclusively) keeps a second process from doing the same. */
async function initialiseInPlace(dir: string, options: { postgresqlconf: string[] }, failed: Failure): Promise<void> {
  const lock = `${dir}.lock`;
  let fd: number | undefined;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw denied(err) ? noWriteAccess(dir, err) : failed((err as Error).message, err);
  }
  try {
    fd = openSync(lock, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return waitForOther();
    // A parent folder we may not write to has no room for a lock either: go ahead without one.
    if (!denied(err)) throw failed((err as Error).message, err);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw noWriteAccess(dir, err);
  }
  try {
    await initdbInChild(dir, options, failed);
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }

  async function waitForOther(): Promise<void> {
    // Someone else is creating it: wait for them (initdb takes a few seconds).
    for (let waited = 0; waited < 120_000; waited += 200) {
      if (holdsDatabase(dir) && !existsSync(lock)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw failed(`${lock} 存在，另一个进程可能正在创建或已中断（确认没有进程在用后可删除它）`, undefined);
  }
}

/** Staging folders of processes that died while creating a database (killed, out of memory) are removed. */
function removeAbandonedStaging(parent: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.creating-(\\d+)-\\d+$`).exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
}

const denied = (err: unknown) => ['EACCES', 'EPERM', 'EROFS'].includes((err as NodeJS.ErrnoException).code ?? '');

/** The message a failed creation of the database folder gives the user (see createPgliteFolder). */
type Failure = (detail: string, cause?: unknown) => Error;

/** A PGlite data folder that initdb has completed (PostgreSQL writes PG_VERSION into it). */
const holdsDatabase = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));

/** Runs PGlite's initdb for `dir` in a child process; a failure is reported with the child's own error line. */
async function initdbInChild(dir: string, options: { postgresqlconf: string[] }, failed: Failure): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const code = `const { PGlite } = await import(${JSON.stringify(pglite)});
    const client = new PGlite(process.argv[1], JSON.parse(process.argv[2]));
    await client.waitReady;
    await client.close();`;
  try {
    await promisify(execFile)(process.execPath, ['--liftoff-only', '--input-type=module', '--eval', code, dir, JSON.stringify(options)],
      { timeout: 120_000 });
  } catch (err) {
    const e = err as Error & { stderr?: unknown; killed?: boolean };
    if (e.killed) throw failed('两分钟内没有完成', err);
    const lines = String(e.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    throw failed(lines.find((l) => /error/i.test(l)) ?? lines.find((l) => !l.startsWith('Node.js v')) ?? e.message, err);
  }
}

/** One full garbage collection, without starting Node with --expose-gc. */
function collectGarbage() {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function openPglite(url: string): Promise<Database> {
  // V8 compiles PGlite's WASM with its baseline compiler (Liftoff), then recompiles hot PostgreSQL functions
  // with TurboFan, whose ~45 MB of compiler memory is never given back. Baseline code alone keeps an idle
  // embedded bot 40–50 MB smaller, costing 10–20% on warm queries (a chat turn's database work is one
  // statement). The flag must be set before the module is compiled, so here, before the first PGlite.
  setFlagsFromString('--liftoff-only');
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = pgliteDir(url);
  // A plan database is a few megabytes: PostgreSQL's default 128 MB of shared buffers would only make the
  // process big (they live in the WASM memory, which never shrinks).
  const options = { postgresqlconf: ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=2MB'] };
  // Creating a database runs initdb in a second, throwaway PGlite (about 350 MB with its data-directory image),
  // and leaves the WASM memory of the first grown for good. A new folder is therefore created by a short-lived
  // child process, and this one only ever opens an existing database, as on every later start.
  if (dir && !holdsDatabase(dir)) await createPgliteFolder(dir, options);
  const release = dir ? holdFolder(dir) : () => {};
  let client: InstanceType<typeof PGlite>;
  try {
    client = dir ? new PGlite(dir, options) : new PGlite(options);
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  if (!dir) {
    // In memory there is no folder to hand over: collect the throwaway instance at once instead. It becomes
    // unreachable only once the ready callbacks have run, hence the turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
    collectGarbage();
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    where: dir ?? 'memory',
    rows: async <T>(query: SQL, tx?: DbOrTx) =>
      ((await (tx ?? db).execute(query)) as unknown as { rows: T[] }).rows,
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Folders this process holds, so opening one twice in one process is refused too. */
const heldHere = new Set<string>();

/**
 * PGlite is single-user: a second process on the same folder (`planbot import` while the bot runs, a second
 * bot) would write into a database the first one overwrites when it closes, and that work would be lost without
 * a word. The holder writes its process id, host name and a token of its own into the folder; another process
 * finds it and is refused, until the holder closes the database or dies. On this host a dead holder is seen at
 * once (a stale file of a dead process, or of an earlier life of this very process id, in a restarted container,
 * say, is taken over). A holder on another host (another container on the same volume, where process ids say
 * nothing: both may be process 1) touches the file every HEARTBEAT_MS; its file is stale once STALE_MS pass
 * without that.
 */
function holdFolder(dir: string): () => void {
  const file = path.join(dir, PID_FILE);
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw inUse(dir, { pid: process.pid, host: hostname() });
  const token = `${process.pid} ${hostname()} ${randomUUID()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, token, { flag: 'wx', mode: 0o600 });
      heldHere.add(key);
      const beat = setInterval(() => {
        try {
          if (readText(file) === token) { const now = new Date(); utimesSync(file, now, now); }
        } catch {
          // the next beat tries again
        }
      }, HEARTBEAT_MS);
      beat.unref();
      const onExit = () => removeIfOurs(file, token);
      process.once('exit', onExit);
      return () => {
        clearInterval(beat);
        heldHere.delete(key);
        process.removeListener('exit', onExit);
        removeIfOurs(file, token);
      };
    } catch (err) {
      if (denied(err)) throw noWriteAccess(dir, err);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = holderOf(file);
      if (!holder.pid) {
        // Another process has just created the file and not yet written its id: give it a moment.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        holder = holderOf(file);
      }
      if (holder.host && holder.host !== hostname()) {
        if (Date.now() - modifiedAt(file) < STALE_MS) throw inUse(dir, holder);
      } else if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) throw inUse(dir, holder);
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw inUse(dir, holderOf(file));
}

const PID_FILE = 'planbot.pid';
/** How often a holder shows it is alive, and how long a holder on another host may stay silent before its file is stale. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 35_000;

/** The holder a folder's file names: "<pid> <host> <token>" (an older bot wrote only "<pid>"). */
function holderOf(file: string): { pid: number; host?: string } {
  const [pid, host] = readText(file).trim().split(/\s+/);
  return { pid: Number.parseInt(pid ?? '', 10) || 0, host: host || undefined };
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The embedded database's folder (or the one to create it in) cannot be written by this user. */
const noWriteAccess = (dir: string, cause?: unknown) => new UserError('DATABASE_UNAVAILABLE',
  `没有权限写入内置数据库的文件夹 ${dir}。运行助手的用户需要能写入它：请用该用户运行，或修改文件夹的所有者`
  + '（Docker 镜像中的用户为 1000：chown -R 1000:1000 该文件夹），也可设置 DATABASE_URL 换一个位置。', { cause });

const inUse = (dir: string, holder: { pid: number; host?: string }) => {
  const elsewhere = holder.host && holder.host !== hostname();
  const who = elsewhere ? `主机 ${holder.host} 上的进程 ${holder.pid || '未知'}` : `进程号 ${holder.pid || '未知'}`;
  return new UserError('DATABASE_UNAVAILABLE',
    `内置数据库（${dir}）正被另一个程序使用（${who}，多半是正在运行的助手）。内置数据库同一时间只能由一个程序打开：`
    + '请先停止助手再执行此命令，或改用 PostgreSQL（设置 DATABASE_URL）。'
    + (elsewhere
      ? `如该程序已异常退出，约 ${STALE_MS / 1000} 秒后重试即可；确认没有程序在用时，也可删除其中的 ${PID_FILE} 文件。`
      : `如确认没有程序在用，可删除其中的 ${PID_FILE} 文件后重试。`));
};

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
}

function removeIfOurs(file: string, token: string): void {
  if (readText(file) !== token) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

// Several replicas may start at once against one server: a transaction-scoped advisory lock
// serialises them, and the whole set of pending migrations applies atomically. The same code runs on PGlite.
const MIGRATION_LOCK = 727_001;

async function migrate(database: Database): Promise<void> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const files = readMigrationFiles({ migrationsFolder });
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create table if not exists planbot_migrations (
      hash text primary key, created_at bigint not null, applied_at timestamptz not null default now())`);
    const done = applied(await database.rows<{ hash: string; created_at: string | number }>(
      sql`select hash, created_at from planbot_migrations`, tx));
    for (const m of files) {
      if (done(m)) continue;
      for (const statement of m.sql) if (statement.trim()) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into planbot_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`);
    }
  });
}

/** Number of migrations shipped with this build, for /readyz. */
export async function pendingMigrations(database: Database): Promise<number> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const files = readMigrationFiles({ migrationsFolder });
  const done = applied(await database.rows<{ hash: string; created_at: string | number }>(sql`select hash, created_at from planbot_migrations`));
  return files.filter((f) => !done(f)).length;
}

/**
 * Whether a shipped migration is applied: by its content hash, or by its journal time (`when`), so a migration
 * whose file changed after it shipped (a comment, a fix) is not run a second time on a database that has it.
 */
function applied(rows: { hash: string; created_at: string | number }[]): (m: { hash: string; folderMillis: number }) => boolean {
  const hashes = new Set(rows.map((r) => r.hash));
  const times = new Set(rows.map((r) => Number(r.created_at)));
  return (m) => hashes.has(m.hash) || times.has(m.folderMillis);
}
