import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, loadExamples } from '../../src/bootstrap/load-examples.js';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'planbot-withdraw-'));

let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase();
  // As `npm start` leaves a new embedded database: the example plan and directory.
  await loadExamples(database);
});
afterAll(async () => { await database?.close(); });

const ask = (text: string, today: string) =>
  planbot(['ask', text, '--chat', '机关工会群', '--user', '赵主席', '--today', today], { database });

/** The office's own plan, with one task of its own in July. */
function ownPlan(): string {
  const file = path.join(tmp, '2026年工会工作要点.md');
  writeFileSync(file, ['# 示例市水务局机关工会文件', '', '示水机工〔2026〕1号', '', '## 2026年机关工会工作要点', '',
    '| 序号 | 计划时间 | 工作内容 | 负责部门 |', '| --- | --- | --- | --- |', '| 1 | 7月 | 开展职工羽毛球比赛 | 机关工会 |', ''].join('\n'));
  return file;
}

describe('planbot plans withdraw', () => {
  it('the example plan is pointed out once the office imports its own, and withdrawing it takes it out of answers, not out of the database', async () => {
    const imported = await planbot(['import', ownPlan()], { database });
    expect(imported.stdout).toContain('注意：示例计划（#1 2026年示例市水务局工会工作计划）仍在生效中');
    expect(imported.stdout).toContain('plans withdraw 1');
    const [{ code }] = await database.rows<{ code: string }>(sql`select code from tasks where title = '职工子女暑期托管班'`) as [{ code: string }];
    expect((await ask(`完成 ${code} 托管3个班`, '2026-07-20')).stdout).toContain('已记录');
    expect((await ask('本月任务', '2026-07-20')).stdout).toContain('职工子女暑期托管班');

    // At a terminal the default answer keeps it.
    const kept = await planbot(['plans', 'withdraw', '1'], { database, answer: () => '' });
    expect(kept.stdout).toContain('将撤下计划 #1：2026年 2026年示例市水务局工会工作计划（18 项任务，已有确认记录 1 条）');
    expect(kept.stdout).toContain('已取消，计划未改动');
    const done = await planbot(['plans', 'withdraw', '1'], { database, answer: () => 'y' });
    expect(done.stdout).toContain('已撤下计划 #1。');

    const month = (await ask('本月任务', '2026-07-20')).stdout;
    expect(month).toContain('开展职工羽毛球比赛');
    expect(month).not.toContain('职工子女暑期托管班');
    expect((await ask(code, '2026-07-20')).stdout).toContain(`${code}（职工子女暑期托管班）已不在现行计划中：工会办公室已撤下2026年示例市水务局工会工作计划`);
    expect((await planbot(['plans'], { database })).stdout).toMatch(/#1 +2026年 +2026年示例市水务局工会工作计划 +已撤下/);
    const reminders = JSON.parse((await planbot(['remind', '--at', '2026-07-01T09:00+08:00', '--dry-run', '--json'], { database })).stdout);
    expect(reminders.flatMap((r: { text: string }) => r.text).join('\n')).not.toContain('托管班');
    // Asked twice, or for a plan that is not there: said so.
    expect((await planbot(['plans', 'withdraw', '1'], { database })).stderr).toContain('此前已撤下，无需撤下');
    expect((await planbot(['plans', 'withdraw', '9'], { database })).stderr).toContain('没有编号为 9 的计划');
    expect((await planbot(['plans', 'withdraw'], { database })).stderr).toContain('请指定一个计划编号');

    // Importing it again brings it back, with its codes and what was confirmed.
    const back = await planbot(['import', path.join(examplesDir, 'plan-2026.md'), '--yes'], { database });
    expect(back.stdout).toContain('已导入此前撤下的计划');
    expect(back.stdout).toContain('沿用原任务 18 项');
    expect((await ask(code, '2026-07-20')).stdout).toContain('托管3个班');
  });

  it('a withdrawn plan is not inherited by another document of the same title', async () => {
    const plans = JSON.parse((await planbot(['plans', '--json'], { database })).stdout) as { id: number; status: string; doc_no: string }[];
    const example = plans.find((p) => p.status === 'active' && p.doc_no === '示水工〔2026〕2号')!;
    expect((await planbot(['plans', 'withdraw', String(example.id)], { database, answer: () => 'y' })).stdout).toContain(`已撤下计划 #${example.id}`);
    const file = path.join(tmp, 'same-title.md');
    writeFileSync(file, ['# 示例市水务局工会委员会文件', '', '示水工〔2026〕9号', '', '## 2026年示例市水务局工会工作计划', '',
      '| 序号 | 计划时间 | 工作内容 | 负责部门 |', '| --- | --- | --- | --- |', '| 1 | 9月 | 职工子女暑期托管班总结 | 机关工会 |', ''].join('\n'));
    const r = await planbot(['import', file, '--yes'], { database });
    expect(r.stdout).toMatch(/已导入计划（编号 \d+），共 1 项任务/);
    expect(r.stdout).not.toContain('此前撤下');
  });
});
