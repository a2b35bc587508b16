import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { planbot } from '../helpers/cli.js';
import { freshDatabase, onServer } from '../helpers/db.js';

/**
 * `planbot progress` for a monthly meeting (the example 2026 plan): the month's figures are the month's work, and
 * earlier months' work is shown apart, as the chat's 进度 shows it.
 */
let database: Awaited<ReturnType<typeof freshDatabase>>;
const ask = (text: string, today: string, chat: string, user: string) =>
  planbot(['ask', text, '--chat', chat, '--user', user, '--today', today], { database }).then((r) => r.stdout);
const progress = (...args: string[]) => planbot(['progress', ...args], { database });

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  // July's own work done by 机关工会; May's Q5C9 made good in July by 组织人事处 (局工会 still owes its part).
  expect(await ask('完成 V4W5 托管120人', '2026-07-06', '机关工会群', '赵主席')).toContain('已记录');
  expect(await ask('完成 Q5C9', '2026-07-08', '组织人事处工会群', '李处长')).toContain('已记录');
});
afterAll(async () => { await database?.close(); });

describe(`planbot progress (${onServer ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('the current month\'s figures are that month\'s work; earlier months\' overdue work is a line of its own, detailed apart', async () => {
    const r = await progress('--month', '2026-07', '--today', '2026-07-10');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${[
      '2026年7月完成情况（截至7月10日）',
      '局工会：完成 0/1｜未完成 1：D6S9',
      '机关工会：完成 1/1 ✓',
      '各基层工会：完成 0/1｜未完成 1：D6S9',
      '',
      '另有以前月份逾期未完成 7 项：G8R6、Y9G5、C8U7、M4K7、J5D8、Q5C9、H8K6',
      '本月补完成以前月份的任务 1 项：Q5C9',
      '',
      '未完成明细：',
      'D6S9 送清凉高温慰问一线职工｜8月31日截止',
      '  未确认：局工会、各基层工会',
      '',
      '以前月份逾期未完成明细：',
      'G8R6 春节走访慰问困难职工和一线职工｜2月28日截止，已逾期',
    ].join('\n')}\n`));
    // Q5C9 is still owed by 局工会 only.
    expect(r.stdout).toContain('Q5C9 庆祝“五一”劳动节暨先进表彰｜5月31日截止，已逾期\n  未确认：局工会\n');
    expect(r.stdout).not.toMatch(/^(组织人事处|女职工委员会|财务处|安全监督处)：/m);
  });

  it('--json: departments and items are the month\'s work; other_months carries the earlier work, counted in tasks', async () => {
    const json = JSON.parse((await progress('--month', '2026-07', '--today', '2026-07-10', '--json')).stdout);
    expect(json.departments).toEqual([
      { department: '局工会', total: 1, done: [], partial: [], open: ['D6S9'], overdue: [], upcoming: [] },
      { department: '机关工会', total: 1, done: ['V4W5'], partial: [], open: [], overdue: [], upcoming: [] },
      { department: '各基层工会', total: 1, done: [], partial: [], open: ['D6S9'], overdue: [], upcoming: [] },
    ]);
    expect(new Set(json.items.map((i: { code: string }) => i.code))).toEqual(new Set(['D6S9', 'V4W5']));
    expect(json.other_months).toMatchObject({ overdue: 7, made_good: 1, done_early: 0 });
    expect(json.other_months.items).toContainEqual(expect.objectContaining({
      code: 'Q5C9', department: '组织人事处', status: 'done', who: '李处长', window: '5月',
    }));
    expect(json.other_months.items).toContainEqual(expect.objectContaining({ code: 'Q5C9', department: '局工会', status: 'overdue' }));
  });

  it('the chat\'s 进度 the same day says the same', async () => {
    const chat = await ask('进度', '2026-07-10', '局工会办公室群', '王主席');
    expect(chat).toContain([
      '共 2 项任务，部门确认完成 1/3：',
      '局工会：完成 0/1｜未完成 1：D6S9',
      '机关工会：完成 1/1 ✓',
      '各基层工会：完成 0/1｜未完成 1：D6S9',
      '另有以前月份逾期未完成 7 项：G8R6、Y9G5、C8U7、M4K7、J5D8、Q5C9、H8K6',
      '本月补完成以前月份的任务 1 项：Q5C9',
    ].join('\n'));
  });

  it('--today is the state at the end of that day: confirmations recorded later do not count', async () => {
    // Before 机关工会 confirmed V4W5 (the 6th), and before 组织人事处 made good Q5C9 (the 8th).
    const fifth = await progress('--month', '2026-07', '--today', '2026-07-05');
    expect(fifth.stdout).toContain('机关工会：完成 0/1｜未完成 1：V4W5');
    expect(fifth.stdout).not.toContain('本月补完成');
    const seventh = await progress('--month', '2026-07', '--today', '2026-07-07');
    expect(seventh.stdout).toContain('机关工会：完成 1/1 ✓');
    expect(seventh.stdout).not.toContain('本月补完成');
    expect(seventh.stdout).toContain('Q5C9 庆祝“五一”劳动节暨先进表彰｜5月31日截止，已逾期\n  未确认：局工会、组织人事处\n');
    // The day itself counts whole: Q5C9 was confirmed at noon on the 8th.
    expect((await progress('--month', '2026-07', '--today', '2026-07-08')).stdout).toContain('本月补完成以前月份的任务 1 项：Q5C9');
  });

  it('--today before an undo and a new confirmation shows what stood then; a day in between shows it not done', async () => {
    expect(await ask('撤销 V4W5', '2026-07-12', '机关工会群', '赵主席')).toContain('已撤销');
    expect(await ask('完成 V4W5 托管150人', '2026-07-14', '机关工会群', '赵主席')).toContain('已记录');
    const item = async (today: string) => (JSON.parse((await progress('--month', '2026-07', '--today', today, '--json')).stdout)
      .items as { code: string; status: string; who: string | null; note: string | null; when: string | null }[])
      .find((i) => i.code === 'V4W5');
    expect(await item('2026-07-10')).toMatchObject({ status: 'done', who: '赵主席', note: '托管120人', when: '2026-07-06 12:00' });
    expect(await item('2026-07-13')).toMatchObject({ status: 'open', who: null, note: null });
    expect(await item('2026-07-20')).toMatchObject({ status: 'done', note: '托管150人', when: '2026-07-14 12:00' });
    // Without --today: as it stands now.
    expect((await progress('--month', '2026-07', '--json')).stdout).toContain('托管150人');
  });

  it('a month that is not the current one has no other months\' lines', async () => {
    const r = await progress('--month', '2026-05', '--today', '2026-07-10');
    expect(r.stdout).toContain('2026年5月完成情况（截至7月10日）\n局工会：完成 0/1｜逾期 1：Q5C9\n组织人事处：完成 1/1 ✓\n');
    expect(r.stdout).not.toContain('另有以前月份');
    expect(JSON.parse((await progress('--month', '2026-05', '--today', '2026-07-10', '--json')).stdout).other_months)
      .toEqual({ overdue: 0, made_good: 0, done_early: 0, items: [] });
  });
});
