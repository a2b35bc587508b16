import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const original = path.join(examples, 'plan-2026.md');
const tmp = mkdtempSync(path.join(tmpdir(), 'planbot-revision-'));

let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase();
  expect((await planbot(['directory', 'import', path.join(examples, 'directory.yaml')], { database })).code).toBe(0);
  expect((await planbot(['import', original], { database })).code).toBe(0);
});
afterAll(async () => { await database?.close(); });

const codeOf = async (title: string) =>
  (await database.rows<{ code: string }>(sql`select t.code from tasks t join plans p on p.id = t.plan_id
    where p.status = 'active' and t.title = ${title}`))[0]?.code;
const ask = (text: string, chat: string, user: string, today: string) =>
  planbot(['ask', text, '--chat', chat, '--user', user, '--today', today], { database });

/** The example plan as a clerk edits it in June: wording fixed, a row dropped, one added, months and departments changed. */
function revised(): string {
  const text = readFileSync(original, 'utf8')
    .replace('| 组织职工健康体检 |', '| 组织职工年度健康体检 |')
    .replace('| 职工互助保障计划参保 |', '| 职工互助保障参保 |')
    .replace('“三八”妇女节主题活动', '"三八"妇女节主题活动')
    .replace('| 13 | 11月 | 职工运动会 | 机关工会、局工会 |\n', '')
    .replace('| 11 | 10月 | 组织职工疗休养 | 组织人事处 |', '| 11 | 10月 | 组织职工疗休养 | 机关工会 |')
    .replace('| 12 | 10 月、12 月 | 工会经费预决算审查 |', '| 12 | 12 月 | 工会经费预决算审查 |')
    .replace('| 18 | 2027 年 1 月 |', '| 19 | 9月 | 职工书屋建设 | 机关工会 |\n| 18 | 2027 年 1 月 |');
  const file = path.join(tmp, 'plan-2026-v2.md');
  writeFileSync(file, text);
  return file;
}

describe('a revised plan re-imported mid-year', () => {
  it('keeps codes and confirmations through wording edits, says what changes before writing, and moves confirmations with their months', async () => {
    const codes = {
      checkup: (await codeOf('组织职工健康体检'))!, insurance: (await codeOf('职工互助保障计划参保'))!,
      womensDay: (await codeOf('“三八”妇女节主题活动'))!, games: (await codeOf('职工运动会'))!,
      rest: (await codeOf('组织职工疗休养'))!, audit: (await codeOf('工会经费预决算审查'))!,
    };
    // Work already reported under the first version.
    expect((await ask(`完成 ${codes.insurance} 参保500人`, '财务处工会群', '王主席', '2026-04-10')).stdout).toContain('已记录');
    expect((await ask(`完成 ${codes.games} 参赛320人`, '机关工会群', '赵主席', '2026-11-20')).stdout).toContain('已记录');
    expect((await ask(`完成 ${codes.rest} 疗休养80人`, '组织人事处工会群', '李处长', '2026-10-20')).stdout).toContain('已记录');
    expect((await ask(`完成 ${codes.audit} 10月 初审`, '财务处工会群', '王主席', '2026-10-20')).stdout).toContain('已记录');
    expect((await ask(`完成 ${codes.audit} 12月 决算已审`, '财务处工会群', '王主席', '2026-12-10')).stdout).toContain('已记录');

    const file = revised();
    // The clerk sees what the new version changes before anything is written, and is asked with "no" as default.
    let asked = '';
    const declined = await planbot(['import', file], { database, answer: (q) => { asked = q; return ''; } });
    expect(declined.stdout).toContain('已取消，未写入任何内容');
    expect(asked).toContain('注意：部分已确认的记录将不再计入；改名的任务将沿用原有的确认记录。\n确认用此文件替代原计划吗？[y/N]');
    const out = declined.stdout;
    expect(out).toContain('与原计划（编号 1：2026年示例市水务局工会工作计划）相比：');
    expect(out).toContain('沿用 17 项任务，保留编号和完成记录，其中：\n  名称改动 3 项：');
    expect(out).toContain(`${codes.checkup} 组织职工健康体检 → 组织职工年度健康体检`);
    // A reworded task carrying confirmations is pointed out; another quote mark is not rewording.
    expect(out).toContain(`${codes.insurance} 职工互助保障计划参保 → 职工互助保障参保（财务处的确认记录将随之沿用，请核对是否为同一项任务）`);
    expect(out).toContain(`${codes.rest} 组织职工疗休养：组织人事处 → 机关工会（组织人事处的确认记录将不再计入进度和台账）`);
    expect(out).toContain(`${codes.audit} 工会经费预决算审查：10月、12月 → 12月（财务处对已取消月份的确认记录将不再计入进度和台账）`);
    expect(out).toMatch(/新增 1 项：\n {4}[A-Z][2-9][A-Z][2-9] 职工书屋建设/);
    expect(out).toContain(`移除 1 项：\n    ${codes.games} 职工运动会（机关工会的确认记录将不再计入进度和台账）`);
    // Other quotes are a change of wording, shown, not a new task.
    expect(out).toContain(`${codes.womensDay} “三八”妇女节主题活动 → "三八"妇女节主题活动`);
    // The preview table shows the codes that are kept, not fresh ones.
    expect(out).toMatch(new RegExp(`${codes.checkup} +组织职工年度健康体检`));
    expect(await codeOf('组织职工年度健康体检')).toBeUndefined();

    const written = await planbot(['import', file], { database, answer: () => 'y' });
    expect(written.stdout).toContain('沿用原任务 17 项（保留编号和完成记录），新增 1 项，移除 1 项');
    expect(await codeOf('组织职工年度健康体检')).toBe(codes.checkup);
    expect(await codeOf('"三八"妇女节主题活动')).toBe(codes.womensDay);
    // The insurance report survives the rename; December's audit stays December's, now the task's only window.
    const record = await ask(codes.insurance, '财务处工会群', '王主席', '2026-06-15');
    expect(record.stdout).toContain('职工互助保障参保');
    expect(record.stdout).toContain('参保500人');
    const audit = await ask(codes.audit, '财务处工会群', '王主席', '2026-12-15');
    expect(audit.stdout).toContain('财务处：已完成（王主席，12月10日），决算已审');
    expect(audit.stdout).not.toContain('初审');
    // The old code of the dropped task says what became of it, asked about or confirmed.
    expect((await ask(codes.games, '机关工会群', '赵主席', '2026-11-25')).stdout)
      .toContain(`${codes.games}（职工运动会）已不在现行计划中：2026年示例市水务局工会工作计划修订后删除了这项任务。`);
    const late = await ask(`完成 ${codes.games}`, '机关工会群', '赵主席', '2026-11-25');
    expect(late.stdout + late.stderr).toContain(`${codes.games}（职工运动会）已不在现行计划中`);

    // Going back to the first version brings the dropped task back with its code and its confirmation.
    const back = await planbot(['import', original], { database });
    expect(back.stdout).toMatch(/恢复 1 项（此前版本删除、现又列入，沿用原编号和完成记录）：\n {4}\S+ 职工运动会/);
    // The closing count adds up to the plan: the restored task is counted too.
    expect(back.stdout).toMatch(/沿用原任务 \d+ 项（保留编号和完成记录），恢复此前删除的 1 项，新增 \d+ 项/);
    expect(back.stdout).toContain(`${codes.checkup} 组织职工年度健康体检 → 组织职工健康体检`);
    expect(await codeOf('职工运动会')).toBe(codes.games);
    expect((await ask(codes.games, '机关工会群', '赵主席', '2026-11-25')).stdout).toContain('参赛320人');
    // 疗休养 is 组织人事处's again, with its report; and October's audit, set aside while the plan had no October, is back.
    expect((await ask(codes.rest, '组织人事处工会群', '李处长', '2026-11-25')).stdout).toContain('疗休养80人');
    expect((await ask(codes.audit, '财务处工会群', '王主席', '2026-12-15')).stdout).toMatch(/10月 财务处：已完成（王主席，10月20日），初审/);
    // Revised again, and back again: October is set aside and brought back once more, nothing collides.
    expect((await planbot(['import', file, '--yes'], { database })).code).toBe(0);
    expect((await planbot(['import', original, '--yes'], { database })).code).toBe(0);
    expect((await ask(codes.audit, '财务处工会群', '王主席', '2026-12-15')).stdout).toMatch(/12月 财务处：已完成（王主席，12月10日），决算已审/);
    expect((await ask(codes.audit, '财务处工会群', '王主席', '2026-12-15')).stdout).toMatch(/10月 财务处：已完成/);
  });

  it('another plan in a file of the same name (附件1.md) with another 文号 is a plan of its own, not a revision', async () => {
    const attachment = (dir: string, docNo: string, title: string, row: string) => {
      const file = path.join(mkdtempSync(path.join(tmp, dir)), '附件1.md');
      writeFileSync(file, ['# 示例市水务局机关党委文件', '', docNo, '', `## ${title}`, '',
        '| 序号 | 计划时间 | 工作内容 | 负责部门 |', '| --- | --- | --- | --- |', row, ''].join('\n'));
      return file;
    };
    const first = await planbot(['import', attachment('a-', '示水机党〔2026〕1号', '2026年机关党委工作要点', '| 1 | 9月 | 主题党日活动 | 机关工会 |'), '--yes'], { database });
    expect(first.stdout).toMatch(/已导入计划（编号 \d+），共 1 项任务/);
    const second = await planbot(['import', attachment('b-', '示水机团〔2026〕2号', '2026年机关团委工作要点', '| 1 | 5月 | 青年读书会 | 机关工会 |'), '--yes'], { database });
    expect(second.stdout).toMatch(/已导入计划（编号 \d+），共 1 项任务/);
    expect(second.stdout).not.toContain('替代原计划');
  });

  it('a dry run compares with the plan in the database, and writes nothing', async () => {
    const before = (await database.rows<{ n: number }>(sql`select count(*)::int as n from plans`))[0]!.n;
    const r = await planbot(['import', revised(), '--dry-run'], { database });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('与原计划');
    expect(r.stdout).toContain('（预览模式，未写入数据库）');
    expect((await database.rows<{ n: number }>(sql`select count(*)::int as n from plans`))[0]!.n).toBe(before);
    // On a new machine it makes no database to compare with.
    const nowhere = path.join(tmp, 'no-database-yet');
    const fresh = await planbot(['import', original, '--dry-run', '--db', `pglite://${nowhere}`]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('（预览模式，未写入数据库）');
    expect(existsSync(nowhere)).toBe(false);
  });
});
