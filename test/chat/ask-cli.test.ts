import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { cli, cliDatabase } from '../helpers/cli-database.js';
import { seedMiniPlan } from '../helpers/mini-plan.js';

describe('planbot ask', () => {
  let db: Awaited<ReturnType<typeof cliDatabase>>;
  beforeAll(async () => {
    db = await cliDatabase(async (database) => {
      await seedMiniPlan(database);
      await importDirectory(database, directorySchema.parse({
        departments: [{ name: '组织人事处', aliases: ['人事处'] }],
        chats: [
          { platform: 'console', id: 'office', name: '局工会办公室群', department: '局工会', office: true },
          { platform: 'dingtalk', id: 'cidAbC==', name: '人事处工会群', department: '组织人事处' },
        ],
        members: [{ platform: 'console', id: 'zhangsan', name: '张三', role: 'head' }],
      }));
    });
  });
  afterAll(async () => db?.dispose());
  const ask = (...args: string[]) => cli(['ask', ...args, '--db', db.url]);

  it('prints the contract JSON: intent, reply, tasks with import-style months', async () => {
    const r = await ask('换届选举什么时候', '--today', '2026-07-10', '--json');
    expect(r).toMatchObject({ code: 0, err: '' });
    const out = JSON.parse(r.out);
    expect(Object.keys(out)).toEqual(['intent', 'reply', 'tasks']);
    expect(out.intent).toBe('when');
    expect(out.reply).toContain('2027年1月');
    expect(out.tasks).toEqual([{ code: 'H7N7', title: '机关工会换届选举', months: [], departments: ['局工会', '机关工会'] }]);
    const month = JSON.parse((await ask('本月任务', '--today', '2026-07-10', '--json')).out);
    expect(month.tasks.map((t: { code: string; months: unknown }) => [t.code, t.months]))
      .toEqual([['K7Q2', [7, 8]], ['C7U2', 'all']]);
  });

  it('prints the reply text without --json, one fresh message per run', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await ask('@工会助手 疗休养安排在几月', '--today', '2026-01-15');
      expect(r.code).toBe(0);
      expect(r.out).toBe('组织疗休养：4-5月（计划原文：4 或 5 月）。\n编号 R4M5｜负责：局工会、组织人事处');
    }
  });

  it('asks in a chat bound in the directory, by console id, by name on another platform, or by department', async () => {
    const office = JSON.parse((await ask('我们部门有哪些任务', '--chat', '局工会办公室群', '--today', '2026-07-10', '--json')).out);
    expect(office.reply).toMatch(/^局工会 2026年/);
    const byOtherPlatform = await ask('我们有什么任务', '--chat', '人事处工会群', '--today', '2026-03-01');
    expect(byOtherPlatform.out).toMatch(/^组织人事处 2026年/);
    const byDepartment = await ask('本部门本月任务', '--chat', '组织人事处', '--today', '2026-09-02');
    expect(byDepartment.out).toContain('组织体检');
    const unbound = await ask('我们部门本月任务', '--chat', '随便一个群', '--today', '2026-07-10');
    expect(unbound.out).toContain('还没有绑定部门');
  });

  it('asking as a department’s group does not make a second group that gets its reminders', async () => {
    const remind = async () => (JSON.parse((await cli(['remind', '--at', '2026-09-01T09:00:00+08:00', '--dry-run', '--json', '--db', db.url])).out) as
      { chat: string; kind: string }[]).filter((p) => p.kind === 'kickoff').map((p) => p.chat).sort();
    const before = await remind();
    // The office group gets the month's kick-off and a late one (补发) for work under way since July.
    expect(before).toEqual(['人事处工会群', '局工会办公室群', '局工会办公室群']);
    await ask('本月任务', '--chat', '组织人事处', '--today', '2026-09-01');
    await ask('本月任务', '--chat', '人事处工会群', '--today', '2026-09-01');
    await ask('本月任务', '--chat', '人事处', '--today', '2026-09-01');
    expect(await remind()).toEqual(before);
    // 部门列表 names the department's real group only; 群列表 marks the copies.
    const departments = (await ask('部门列表')).out;
    expect(departments).toMatch(/· 组织人事处（人事处）｜群：人事处工会群｜/);
    expect((await ask('群列表')).out).toContain('· 组织人事处（控制台）→ 组织人事处（命令行提问用，不收提醒）');
  });

  it('refuses bad input with a Chinese message and exit 1, never a stack', async () => {
    const badDay = await ask('本月任务', '--today', '2026-13-01');
    expect(badDay).toMatchObject({ code: 1, out: '' });
    expect(badDay.err).toContain('--today 的日期不存在：2026-13-01');
    const badForm = await ask('本月任务', '--today', '7月10日');
    expect(badForm.err).toContain('应为 YYYY-MM-DD 格式的日期');
    const noQuestion = await ask();
    expect(noQuestion.code).toBe(1);
    expect(noQuestion.err).toContain('请给出一个问题');
    const unknownFlag = await ask('本月任务', '--bogus');
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.err).toContain('--bogus');
    for (const r of [badDay, noQuestion, unknownFlag]) expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
