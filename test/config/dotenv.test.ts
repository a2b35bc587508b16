import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { withDotEnv } from '../../config/dotenv.js';

const dir = mkdtempSync(path.join(tmpdir(), 'planbot-dotenv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('settings from a .env file (README: set them in .env, then restart)', () => {
  it('reads comments, quotes and trailing notes; the environment wins for a variable set in both', () => {
    const p = file('a.env', '\uFEFF# 企业微信\nWECOM_MODE=callback\nWECOM_RECEIVE_ID=   # 智能机器人留空\nWECOM_TOKEN="tok en"\nPORT=3100\n');
    const { env, file: used } = withDotEnv({ PORT: '4000', PATH: '/bin' }, p);
    expect(used).toBe(p);
    expect(env).toMatchObject({ WECOM_MODE: 'callback', WECOM_RECEIVE_ID: '', WECOM_TOKEN: 'tok en', PORT: '4000', PATH: '/bin' });
  });

  it('a variable set but empty does not hide the file’s value (empty means not set, as everywhere)', () => {
    const p = file('b.env', 'DATABASE_URL="postgres://u:p#1@db/x"\n');
    expect(withDotEnv({ DATABASE_URL: '' }, p).env.DATABASE_URL).toBe('postgres://u:p#1@db/x');
  });

  it('no file: the environment as it is', () => {
    const env = { PORT: '1' };
    expect(withDotEnv(env, path.join(dir, 'missing.env'))).toEqual({ env });
  });

  it('a .env that cannot be read is named in Chinese', () => {
    const p = path.join(dir, 'folder.env');
    mkdirSync(p); // unreadable as a file for any user, root included
    expect(() => withDotEnv({}, p)).toThrow(/无法读取配置文件 .*folder\.env（EISDIR）/);
  });

  it('the command line reads .env from the folder it runs in', async () => {
    const work = mkdtempSync(path.join(dir, 'cwd-'));
    const db = path.join(work, 'db-from-dotenv');
    writeFileSync(path.join(work, '.env'), `DATABASE_URL=pglite://${db}\n`);
    const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('tsx'), cli, 'plans'], {
      cwd: work, env: { ...process.env, DATABASE_URL: undefined, TEST_DATABASE_URL: undefined },
    });
    expect(stdout).toMatch(/还没有导入/);
    expect(existsSync(db)).toBe(true);
  });
});
