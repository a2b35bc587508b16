import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onServer } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

const example = path.resolve(import.meta.dirname, '../../examples/plan-2026.md');
const tmp = mkdtempSync(path.join(tmpdir(), 'planbot-import-'));

let database: Awaited<ReturnType<typeof freshDatabase>>;
let db: string;
beforeAll(async () => { database = await freshDatabase(); db = database.url; });
afterAll(async () => { await database?.close(); });

const count = async (table: string) =>
  (await database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

describe('planbot import', () => {
  it('--dry-run --json prints the contract and writes nothing', async () => {
    const r = await planbot(['import', example, '--dry-run', '--json'], { database });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['plan', 'tasks']);
    expect(out.plan).toEqual({ title: '2026年示例市水务局工会工作计划', issuer: '示例市水务局工会委员会', doc_no: '示水工〔2026〕2号', year: 2026 });
    expect(Object.keys(out.tasks[0])).toEqual(['code', 'ref', 'title', 'months', 'dates_note', 'departments', 'kind']);
    const byTitle = Object.fromEntries(out.tasks.map((t: { title: string }) => [t.title, t]));
    expect(byTitle['送清凉高温慰问一线职工']).toMatchObject({ months: [7, 8], departments: ['局工会', '各基层工会'], kind: 'scheduled' });
    // A blank time cell inherits the row above.
    expect(byTitle['职工子女暑期托管班']).toMatchObject({ months: [7, 8], dates_note: '7-8月', departments: ['机关工会'] });
    expect(byTitle['工会经费预决算审查'].months).toEqual([10, 12]);
    expect(byTitle['组织职工春季健步走'].months).toEqual([4, 5]);
    expect(byTitle['困难职工帮扶和医疗互助'].months).toBe('all');
    // A date after the plan year stays outside it.
    expect(byTitle['局工会换届选举筹备']).toMatchObject({ months: [], dates_note: '2027 年 1 月' });
    for (const t of out.tasks) expect(t.code).toMatch(/^[A-Z][2-9][A-Z][2-9]$/);
    expect(await count('plans')).toBe(0);
  });

  it('shows a preview, stores the plan, and re-importing the same file changes nothing', async () => {
    const first = await planbot(['import', example], { database });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('送清凉高温慰问一线职工');
    expect(first.stdout).toContain('7-8月');
    expect(first.stdout).toMatch(/已导入计划（编号 \d+），共 18 项任务/);
    const tasks = await count('tasks');
    expect(tasks).toBe(18);
    const again = await planbot(['import', example], { database });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('内容未变');
    expect(await count('plans')).toBe(1);
    expect(await count('tasks')).toBe(18);
    const plans = JSON.parse((await planbot(['plans', '--json'], { database })).stdout);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ year: 2026, status: 'active', tasks: 18, doc_no: '示水工〔2026〕2号' });
  });

  it('an edited version supersedes the old plan and keeps the codes and confirmations of tasks that remain', async () => {
    const before = JSON.parse((await planbot(['import', example, '--dry-run', '--json'], { database })).stdout);
    const code = (title: string) => before.tasks.find((t: { title: string }) => t.title === title).code as string;
    const kept = code('组织职工疗休养');
    const [{ id: taskId }] = await database.rows<{ id: number }>(sql`select id from tasks where code = ${kept}`) as [{ id: number }];
    const [{ id: deptId }] = await database.rows<{ id: number }>(sql`select id from departments where name = '组织人事处'`) as [{ id: number }];
    await database.rows(sql`insert into confirmations (task_id, window_index, department_id, status)
      values (${taskId}, 0, ${deptId}, 'done')`);

    const edited = readFileSync(example, 'utf8')
      .replace('| 13 | 11月 | 职工运动会 | 机关工会、局工会 |', '| 13 | 11月 | 职工趣味运动会 | 机关工会 |')
      .replace('| 11 | 10月 | 组织职工疗休养 |', '| 11 | 10-11月 | 组织职工疗休养 |');
    const file = path.join(tmp, 'plan-2026-v2.md');
    writeFileSync(file, edited);
    const r = await planbot(['import', file], { database });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('替代原计划');
    const plans = JSON.parse((await planbot(['plans', '--json'], { database })).stdout);
    expect(plans.map((p: { status: string }) => p.status)).toEqual(['active', 'superseded']);
    // In words: the new version with its task count, the old one without (it only keeps the dropped task).
    const listed = (await planbot(['plans'], { database })).stdout.split('\n');
    expect(listed[0]).toMatch(/18项任务 {2}生效中/);
    expect(listed[1]).toMatch(/ {2}已被新版本替代/);
    expect(listed[1]).not.toMatch(/项任务/);
    const now = JSON.parse((await planbot(['import', file, '--json'], { database })).stdout);
    const rest = now.tasks.find((t: { title: string }) => t.title === '组织职工疗休养');
    expect(rest.code).toBe(kept);
    expect(rest.months).toEqual([10, 11]);
    expect(now.tasks.find((t: { title: string }) => t.title === '职工趣味运动会').departments).toEqual(['机关工会']);
    const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from confirmations c
      join tasks t on t.id = c.task_id join plans p on p.id = t.plan_id where t.code = ${kept} and p.status = 'active'`) as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe('planbot import: bad input gets a clear Chinese error, exit 1, and writes nothing', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an empty file', () => { const f = path.join(tmp, 'empty.txt'); writeFileSync(f, ''); return f; }, /空/],
    ['a missing file', () => path.join(tmp, 'nope.docx'), /找不到|不存在/],
    ['an unsupported extension', () => { const f = path.join(tmp, 'plan.pdf'); writeFileSync(f, '%PDF-1.4'); return f; }, /\.docx/],
    ['a corrupt .docx', () => { const f = path.join(tmp, 'bad.docx'); writeFileSync(f, 'this is not a zip'); return f; }, /损坏|无法读取|无法打开/],
    ['a binary file named .txt', () => { const f = path.join(tmp, 'bin.txt'); writeFileSync(f, Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 8])); return f; }, /二进制|不是文本|无法识别/],
    ['text with no tasks', () => { const f = path.join(tmp, 'novel.txt'); writeFileSync(f, '今天天气很好。\n我们去公园散步，看到了很多花。\n'); return f; }, /任务/],
    ['the directory file', () => path.resolve(import.meta.dirname, '../../examples/directory.yaml'), /看起来是通讯录文件：导入通讯录请用 npm run --silent planbot -- directory import directory\.yaml/],
  ];
  it.each(cases)('%s', async (_name, make, message) => {
    const before = await count('plans');
    const r = await planbot(['import', make()], { database });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(await count('plans')).toBe(before);
  });

  it('a file is found from the folder the command was typed in (npm run leaves it in INIT_CWD), and a missing one is named in full', async () => {
    const examples = path.dirname(example);
    const r = await planbot(['import', 'plan-2026.md', '--dry-run', '--json'], { database, env: { INIT_CWD: examples } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).plan.title).toContain('2026');
    const missing = await planbot(['import', 'nothere.md', '--dry-run'], { database, env: { INIT_CWD: examples } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`找不到文件：${path.join(examples, 'nothere.md')}`);
  });

  it('a 20 MB file is refused before it is read', async () => {
    const f = path.join(tmp, 'huge.txt');
    writeFileSync(f, '');
    const { truncateSync } = await import('node:fs');
    truncateSync(f, 20 * 1024 * 1024);
    const r = await planbot(['import', f], { database });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MB|过大|太大/);
  });
});

describe('planbot: usage and environment errors', () => {
  it('an unknown command lists the commands', async () => {
    const r = await planbot(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未知命令：frobnicate');
    expect(r.stderr).toContain('import');
  });

  it('--help after a command prints that command’s usage and succeeds; no command at all is an error on stderr', async () => {
    for (const [cmd, usage] of [[['remind'], 'remind --at <时间>'], [['import'], 'import <文件>'], [['directory', 'import'], 'directory import <文件.yaml>'],
      [['ask'], 'ask "<问题>"'], [['outbox'], 'outbox retry [编号…]']] as const) {
      const r = await planbot([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(usage);
      expect(r.stdout).toContain('通用参数：--db');
      // Only that command's lines.
      if (cmd[0] !== 'remind') expect(r.stdout).not.toContain('remind --at <时间>');
    }
    const noDb = await planbot(['--db']);
    expect(noDb).toMatchObject({ code: 1, stdout: '' });
    expect(noDb.stderr).toContain('--db 后面缺少数据库地址');
    const none = await planbot([]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('请指定一个命令');
  });

  it('says what is wrong with an option: a missing value, a --db that is no database address, a stray word', async () => {
    const noValue = await planbot(['ask', '本月任务', '--today']);
    expect(noValue).toMatchObject({ code: 1, stdout: '' });
    expect(noValue.stderr).toContain('参数 --today 后面缺少取值');
    const badDb = await planbot(['plans', '--db', 'mysql://x']);
    expect(badDb.code).toBe(1);
    expect(badDb.stderr).toContain('--db 的取值无效');
    expect(badDb.stderr).not.toContain('环境变量');
    const stray = await planbot(['plans', 'extra', '--db', 'pglite://memory']);
    expect(stray.code).toBe(1);
    expect(stray.stderr).toContain('无法识别的参数 extra');
  });

  it('export to a folder that cannot be made (a file is in the way) is a user error, not an internal one', async () => {
    const folder = path.join(tmp, 'export-db');
    expect((await planbot(['import', example, '--db', `pglite://${folder}`])).code).toBe(0);
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = await planbot(['export', '--year', '2026', '--out', path.join(file, '台账.xlsx'), '--db', `pglite://${folder}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法写入文件');
  });

  it('the general options may come before the command, as the help lists them apart', async () => {
    const folder = path.join(tmp, 'db-first');
    const r = await planbot(['--db', `pglite://${folder}`, 'plans']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/还没有导入/);
    // The same database with the option after the command.
    expect((await planbot(['plans', '--db', `pglite://${folder}`])).stdout).toBe(r.stdout);
  });

  it('an unknown option is a usage error', async () => {
    const r = await planbot(['plans', '--bogus'], { database });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--bogus');
  });

  it('a database that is not there gives a Chinese message, not a stack trace', async () => {
    const r = await planbot(['plans', '--db', 'postgres://planbot:secretpw@127.0.0.1:1/none']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法连接数据库');
    expect(r.stderr).not.toContain('secretpw');
  });

  // Needs a PostgreSQL server to refuse: the one TEST_DATABASE_URL names.
  it.skipIf(!onServer)('a database the server does not have, or a login it refuses, is said in Chinese', async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    const missing = new URL(server); missing.pathname = '/planbot_no_such_db';
    let r = await planbot(['plans', '--db', missing.href]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据库不存在');
    const stranger = new URL(server); stranger.username = 'planbot_no_such_role'; stranger.password = 'secretpw';
    r = await planbot(['plans', '--db', stranger.href]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据库拒绝登录');
    expect(r.stderr).not.toContain('secretpw');
  });

  // A login without the right to create tables (PostgreSQL 15 gives none on schema public to a non-owner).
  it.skipIf(!onServer)('a login that may not create the tables is told what to grant, not shown raw SQL', async () => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const role = `planbot_noperm_${process.pid}`;
    try {
      await admin.unsafe(`create role ${role} login password 'secretpw'`);
      await admin.unsafe(`create database ${role}`);
      const url = new URL(process.env.TEST_DATABASE_URL!); url.username = role; url.password = 'secretpw'; url.pathname = `/${role}`;
      const r = await planbot(['plans', '--db', url.href]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('数据库用户没有所需的权限');
      expect(r.stderr).toContain('GRANT ALL ON SCHEMA public TO');
      expect(r.stderr).not.toMatch(/Failed query|create table/);
      expect(r.stderr).not.toContain('secretpw');
    } finally {
      await admin.unsafe(`drop database if exists ${role}`);
      await admin.unsafe(`drop role if exists ${role}`);
      await admin.end();
    }
  });
});
