import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

// An embedded install starts with the example plan and directory. The office then brings its own: the example
// departments' aliases (人事处, 工会办公室) must not take its department names, nor the example office group decide
// who the office is.

const dir = mkdtempSync(path.join(tmpdir(), 'planbot-examples-'));
let database: Awaited<ReturnType<typeof freshDatabase>>;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const realDirectory = file('directory.yaml', `departments:
  - { name: 市局工会, aliases: [工会办公室] }
  - { name: 人事教育处, aliases: [人事处] }
chats:
  - { platform: wecom, id: wrOFFICE, name: 市局工会办公室群, department: 市局工会, office: true, push: { webhook: "KEY_OFFICE" } }
  - { platform: wecom, id: wrHR, name: 人事教育处工会群, department: 人事教育处, push: { webhook: "KEY_HR" } }
  - { platform: wecom, id: wrJG, name: 机关工会群, department: 机关工会, push: { webhook: "KEY_JG" } }
`);
const realPlan = file('plan.md', `# 2026年市局工会工作要点补充
1. 12月组织开展职工冬季长跑活动（责任单位：人事处）
2. 12月完成年度工会经费决算准备工作（责任单位：工会办公室）
3. 12月开展机关职工趣味运动会（责任单位：机关工会）
`);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
}, 120_000);
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], answer?: string) => planbot(args, { database, answer: answer === undefined ? undefined : () => answer });
const names = async (table: 'chats' | 'departments') =>
  (await database.rows<{ name: string }>(sql`select name from ${sql.raw(table)} order by name`)).map((r) => r.name);

describe('planbot directory remove-examples', () => {
  it('importing the office own directory says the example data is still there and what to run', async () => {
    const r = await run(['directory', 'import', realDirectory]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('首次启动载入的示例数据');
    expect(r.stdout).toContain('directory remove-examples');
  });

  it('shows what it would remove; at a terminal Enter keeps everything', async () => {
    const r = await run(['directory', 'remove-examples'], '');
    expect(r.stdout).toContain('将删除首次启动载入的示例数据');
    expect(r.stdout).toMatch(/示例计划：#1 2026年示例/);
    expect(r.stdout).toContain('本地控制台的示例群：局工会办公室群、组织人事处工会群、机关工会群、财务处工会群');
    // 机关工会 is the office's own too (its group is bound to it): kept.
    expect(r.stdout).toMatch(/示例部门：局工会、局工会经审委、女职工委员会、组织人事处、财务处、安全监督处\n/);
    expect(r.stdout).toContain('已取消，未作改动');
    expect(await names('chats')).toContain('组织人事处工会群');
  });

  it('removes the example plan, groups, people and departments; the office own plan then reaches its own groups', async () => {
    const r = await run(['directory', 'remove-examples', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已删除首次启动载入的示例数据');
    expect(await names('chats')).toEqual(['人事教育处工会群', '市局工会办公室群', '机关工会群']);
    expect(await names('departments')).toEqual(expect.arrayContaining(['人事教育处', '市局工会', '机关工会']));
    expect(await names('departments')).not.toContain('组织人事处');
    expect((await database.rows<{ n: number }>(sql`select count(*)::int as n from plans`))[0]?.n).toBe(0);
    expect((await database.rows<{ n: number }>(sql`select count(*)::int as n from members`))[0]?.n).toBe(0);

    const imported = await run(['import', realPlan, '--yes']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toContain('示例数据');
    const remind = await run(['remind', '--at', '2026-12-01T09:00+08:00', '--dry-run']);
    // 人事处 is 人事教育处's alias now, 工会办公室 市局工会's: each task reaches the office's own group.
    expect(remind.stdout).toMatch(/── 开始提醒 → 人事教育处工会群（人事教育处）\n[\s\S]*冬季长跑/);
    expect(remind.stdout).toMatch(/── 开始提醒 → 市局工会办公室群（市局工会）\n[\s\S]*经费决算/);
    expect(remind.stdout).not.toContain('组织人事处');
    expect((await run(['directory', 'remove-examples'])).stdout).toContain('没有示例数据，无需删除');
  });
});
