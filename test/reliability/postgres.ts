import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { onServer } from '../helpers/db.js';

/** The reliability suite is about PostgreSQL: refuse to run on PGlite rather than pass vacuously. */
export function requirePostgres(): void {
  if (!onServer) throw new Error('the reliability suite runs on PostgreSQL: set TEST_DATABASE_URL (vitest.reliability.config.ts defaults it)');
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined; // not root: the clusters belong to whoever runs the tests
  const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error('running as root, but there is no postgres user to own a throwaway cluster');
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A throwaway PostgreSQL cluster in a temporary directory, on its own free port of 127.0.0.1 with its
 * socket in that directory: the shared server at 5432 is never touched. Tests stop, start and restart it.
 */
export async function startThrowawayCluster() {
  if (!existsSync(path.join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN)`);
  const owner = postgresUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planbot-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const port = await freePort();
  const command = (bin: string, args: string[]): [string, string[]] =>
    owner ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args];
  // Asynchronous: the bot under test shares this process, and must keep running while pg_ctl works.
  const run = async (bin: string, args: string[]) => {
    const [cmd, argv] = command(bin, args);
    await promisify(execFile)(cmd, argv, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  };
  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '30', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  await start();
  // At exit only synchronous work runs: stop the server immediately if a test left it up.
  const stopAtExit = () => {
    try {
      const [cmd, argv] = command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      execFileSync(cmd, argv, { stdio: 'ignore', timeout: 30_000 });
    } catch { /* already stopped */ }
  };
  process.once('exit', stopAtExit);
  // A test process that dies without running its afterAll or exit handlers (killed, crashed worker) must not
  // leave a server behind: a small watchdog stops the cluster and removes its directory once this process is gone.
  const quote = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
  const stopLine = command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).flat().map(quote).join(' ');
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ${stopLine} >/dev/null 2>&1; rm -rf ${quote(dir)}`],
    { detached: true, stdio: 'ignore' });
  watchdog.unref();
  const server = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    server,
    /** Creates a database on the cluster and returns its URL. */
    async createDatabase(name: string): Promise<string> {
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    /** Starts the server again (after stop()); resolves once it accepts connections. */
    start,
    /** Stops the server: "fast" disconnects clients and shuts down cleanly; "immediate" is a crash. */
    stop,
    log: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    async destroy() {
      process.removeListener('exit', stopAtExit);
      stopAtExit();
      rmSync(dir, { recursive: true, force: true });
      watchdog.kill();
    },
  };
}

export type ThrowawayCluster = Awaited<ReturnType<typeof startThrowawayCluster>>;
