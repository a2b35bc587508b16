import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onServer } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

// The bundled calendar ends with 2026. The office imports the State Council's notice for 2027 (here a made-up one
// whose weekdays are right), and the reminders follow it: no pushes on its days off, pushes on its make-up workdays.

const root = path.resolve(import.meta.dirname, '../..');
const notice = path.join(root, 'test/fixtures/holidays/2027-made-up.txt');
let dir: string;
let url: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'planbot-holidays-'));
  if (onServer) {
    const db = await freshDatabase();
    url = db.url;
    cleanup = () => db.close();
  } else {
    url = `pglite://${path.join(dir, 'db')}`;
    cleanup = async () => {};
  }
  // The example plan, one year on, and the example directory.
  const plan = path.join(dir, 'plan-2027.md');
  writeFileSync(plan, readFileSync(path.join(root, 'examples/plan-2026.md'), 'utf8').replaceAll('2026', '2027'));
  expect((await planbot(['import', plan, '--json', '--db', url])).code).toBe(0);
  expect((await planbot(['import', path.join(root, 'examples/plan-2026.md'), '--json', '--db', url])).code).toBe(0);
  expect((await planbot(['directory', 'import', path.join(root, 'examples/directory.yaml'), '--db', url])).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await cleanup?.();
  rmSync(dir, { recursive: true, force: true });
});

const remind = (at: string) => planbot(['remind', '--at', at, '--dry-run', '--db', url]);
const remindJson = async (at: string) =>
  JSON.parse((await planbot(['remind', '--at', at, '--dry-run', '--json', '--db', url])).stdout) as { kind: string; text: string }[];

describe('planbot holidays', () => {
  it('before the import: 2027 is guessed, the CLI says how to fix it, and December digests ask for the notice', async () => {
    const list = await planbot(['holidays', '--db', url]);
    expect(list.stdout).toContain('程序自带 2004–2026 年');
    expect(list.stdout).toContain('还没有导入其他年份的安排');
    const tuesday = await remind('2027-02-09T09:00+08:00');
    expect(tuesday.stderr).toContain('尚未导入2027年的放假和调休安排');
    expect(tuesday.stdout).toMatch(/2月9日（周二） 09:00：共 \d+ 条提醒/);
    expect((await remind('2027-02-14T09:00+08:00')).stdout).toContain('没有需要发送的提醒');
    const digest = (await remindJson('2026-12-07T09:00+08:00')).find((p) => p.kind === 'weekly_digest');
    expect(digest?.text).toContain('2027年的放假安排尚未导入');
  });

  it('a notice for the wrong year, or a file that is no notice, is refused and nothing is stored', async () => {
    const wrong = await planbot(['holidays', 'import', path.join(root, 'test/fixtures/holidays/2026.txt'), '--year', '2027', '--db', url]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('放假通知未导入：“元旦”一条中 2027-01-01 注明是周四，但这一天是周五');
    const plan = await planbot(['holidays', 'import', path.join(root, 'examples/plan-2026.md'), '--db', url]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('没有在文件中找到放假安排');
    expect(JSON.parse((await planbot(['holidays', '--json', '--db', url])).stdout)).toEqual({ bundled: { from: 2004, to: 2026 }, imported: [] });
  });

  it('imports the notice (shown first), and the reminders follow it at once', async () => {
    const dry = await planbot(['holidays', 'import', notice, '--dry-run', '--db', url]);
    expect(dry.stdout).toContain('2027年放假安排：放假 29 天，调休上班 6 天');
    expect(dry.stdout).toContain('春节：2月5日（周五）至2月13日（周六）放假（9天）；2月14日（周日）、2月20日（周六）上班');
    expect(dry.stdout).toContain('预演：未写入。');
    expect((await remind('2027-02-09T09:00+08:00')).stdout).toMatch(/共 \d+ 条提醒/);

    const done = await planbot(['holidays', 'import', notice, '--db', url]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('已导入2027年放假安排');
    // A weekday of the holiday: nothing goes out. The make-up Sunday: the week's reminders go out.
    const tuesday = await remind('2027-02-09T09:00+08:00');
    expect(tuesday.stderr).toBe('');
    expect(tuesday.stdout).toContain('2月9日（周二，节假日） 09:00：没有需要发送的提醒');
    const sunday = await remind('2027-02-14T09:00+08:00');
    expect(sunday.stdout).toMatch(/2月14日（周日，调休上班） 09:00：共 \d+ 条提醒/);
    expect((await remindJson('2026-12-07T09:00+08:00')).find((p) => p.kind === 'weekly_digest')?.text).not.toContain('放假安排尚未导入');
    expect((await planbot(['holidays', '--db', url])).stdout).toContain('已导入：2027年');
  });

  it('a corrected notice replaces the year whole (--json for scripts)', async () => {
    const fixed = path.join(dir, 'fixed.txt');
    writeFileSync(fixed, readFileSync(notice, 'utf8').replace('2月14日（周日）、2月20日（周六）上班。', '2月20日（周六）上班。'));
    const r = await planbot(['holidays', 'import', fixed, '--json', '--db', url]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ year: 2027, written: true, replaced: 35 });
    expect(out.workdays).toHaveLength(5);
    expect((await remind('2027-02-14T09:00+08:00')).stdout).toContain('没有需要发送的提醒');
  });
});
