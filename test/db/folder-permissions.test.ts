import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.js';

// The README's bind-mount case: a data folder the bot's user may not write (a root-owned folder, a wrong chown).
// As root everything is writable, so the command then runs as the unprivileged user nobody.
const asRoot = process.getuid?.() === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'planbot-perm-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function planbot(args: string[]): Promise<{ code: number; stderr: string }> {
  const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
  const command = [process.execPath, '--import', import.meta.resolve('tsx'), cli, ...args];
  const [file, ...rest] = asRoot ? ['runuser', '-u', 'nobody', '--', ...command] : command;
  try {
    await promisify(execFile)(file!, rest, { cwd: tmpdir(), env: { ...process.env, DATABASE_URL: undefined } });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

const NO_WRITE = /^没有权限写入内置数据库的文件夹 .+。运行助手的用户需要能写入它.*chown -R 1000:1000/;

describe('an embedded database folder this user may not write', () => {
  it('to create the database in: the folder and the fix are named, not a raw EACCES', async () => {
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    if (!asRoot) chmodSync(locked, 0o555);
    const r = await planbot(['plans', '--db', `pglite://${path.join(locked, 'db')}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(NO_WRITE);
    expect(r.stderr).toContain(path.join(locked, 'db'));
  });

  it('holding a database made by another user: the same message, for reading or for its lock file', async () => {
    const other = path.join(dir, 'made-by-root');
    const database = await createDb(`pglite://${other}`);
    await database.close();
    if (!asRoot) chmodSync(other, 0o555);
    let r = await planbot(['plans', '--db', `pglite://${other}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(NO_WRITE);
    // Readable but not writable (a 755 folder of another user): its planbot.pid cannot be written.
    chmodSync(other, 0o755);
    if (!asRoot) chmodSync(other, 0o555);
    r = await planbot(['plans', '--db', `pglite://${other}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(NO_WRITE);
  });
});
