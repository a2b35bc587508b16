import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, loadExamples } from '../../src/bootstrap/load-examples.js';
import { freshDatabase, onServer } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';
import { LEDGER_HEADERS } from '../../src/cli/export.js';

/**
 * The turn of the year as an office lives it (findings of the year-end user test): the 2026 example plan with a
 * year of confirmations, the 2027 plan imported in December, then January questions about the year just over.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'planbot-year-end-'));

/** The 2027 plan: the example plan with its year changed and two tasks changed, as the office would write it. */
function plan2027(): string {
  const file = path.join(tmp, 'plan-2027.md');
  const text = readFileSync(path.join(examplesDir, 'plan-2026.md'), 'utf8')
    .replaceAll('2026', '2027').replace('示水工〔2027〕2号', '示水工〔2027〕1号')
    .replace('| 11 | 10月 | 组织职工疗休养 |', '| 11 | 5月 | 组织职工疗休养 |')
    .replace('| 18 | 2027 年 1 月 | 局工会换届选举筹备 | 局工会、组织人事处 |',
      '| 18 | 1月 | 局工会换届选举 | 局工会、组织人事处 |\n| 19 | 2月 | 元宵节猜灯谜活动 | 机关工会 |');
  writeFileSync(file, text);
  return file;
}

/** Reads every sheet of a workbook as rows of plain values. */
async function readWorkbook(file: string): Promise<Map<string, (string | number)[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return new Map(wb.worksheets.map((s) => [s.name,
    s.getSheetValues().slice(1).map((r) => ((r ?? []) as ExcelJS.CellValue[]).slice(1).map((v) => (v ?? '') as string | number))]));
}

let database: Awaited<ReturnType<typeof freshDatabase>>;
const ask = (text: string, today: string, chat = '局工会办公室群', user = '王主席') =>
  planbot(['ask', text, '--chat', chat, '--user', user, '--today', today], { database }).then((r) => r.stdout);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  expect(await ask('完成 G8R6 慰问困难职工35人，发放慰问金7万元', '2026-02-10')).toContain('已记录');
  expect(await ask('完成 Y9G5 发放慰问品600份', '2026-01-25', '机关工会群', '赵主席')).toContain('已记录');
  expect(await ask('完成 Q2N3 年报年统已报送', '2026-12-20')).toContain('已记录');
  expect((await planbot(['import', plan2027(), '--yes'], { database })).code).toBe(0);
});
afterAll(async () => { await database?.close(); });

describe(`year end (${onServer ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('in January, 12月进度 / 12月未完成 / 12月逾期 are about the December just over; 12月有什么任务 is still the coming one', async () => {
    const progress = await ask('12月进度', '2027-01-05');
    expect(progress).toMatch(/^2026年12月完成情况/);
    expect(progress).toContain('（2027年12月尚未开始，以下是2026年12月的情况。）');
    expect(progress).toContain('局工会：完成 1/2｜逾期 1：R8P4');
    expect(progress).not.toContain('0/0');
    const notDone = await ask('12月未完成', '2027-01-05');
    expect(notDone).toMatch(/^2026年12月未完成/);
    expect(notDone).toContain('R8P4 年终劳动竞赛评比表彰｜2026年12月31日截止，已逾期');
    expect(notDone).not.toContain('尚未开始，开始时会提醒');
    expect(await ask('12月逾期', '2027-01-05', '组织人事处工会群', '李处长')).toContain('组织人事处 2026年12月逾期未确认');
    expect(await ask('第四季度进度', '2027-01-05')).toMatch(/^2026年10-12月完成情况/);
    // Months that have begun, months counted from today, and questions about the schedule keep their year.
    expect(await ask('1月进度', '2027-01-05')).toMatch(/^2027年1月完成情况/);
    expect(await ask('下个月进度', '2027-01-05')).toMatch(/^2027年2月完成情况/);
    expect(await ask('12月有什么任务', '2027-01-05')).toMatch(/^2027年12月的任务/);
  });

  it('in late December, 1月份 / 第一季度 with the 2027 plan imported are the coming ones; with a year named, this year\'s', async () => {
    const january = await ask('1月份有什么任务', '2026-12-28');
    expect(january).toMatch(/^2027年1月的任务/);
    expect(january).toContain('（2026年1月已过，以下是2027年1月的安排；加上年份（如“2026年1月”）可查看今年的。）');
    expect(january).toContain('局工会换届选举');
    expect(await ask('第一季度任务', '2026-12-28')).toMatch(/^2027年1-3月的任务/);
    expect(await ask('2026年1月有什么任务', '2026-12-28')).toMatch(/^2026年1月的任务/);
    // Earlier in the year a past month is still this year's.
    expect(await ask('1月份有什么任务', '2026-07-10')).toMatch(/^2026年1月的任务/);
  });

  it('in January, a cut-short list of last year\'s work points to a question about last year, not this one', async () => {
    const owed = await ask('2026年未完成', '2027-01-04');
    expect(owed).toMatch(/^2026年未完成/);
    expect(owed).toMatch(/请加上部门缩小范围，如“[^某”]+2026年未完成”/);
    expect(owed).not.toContain('某某部全年未完成');
  });

  it('asked which task a reply is about, tasks of the two plan years that share a title each say their year', async () => {
    const which = await ask('困难职工帮扶已完成 帮扶45户', '2027-01-05');
    expect(which).toContain('局工会有 2 项相关任务，请问是哪一项？');
    expect(which).toMatch(/· Q2Z9 困难职工帮扶和医疗互助（2026年全年，已逾期）\n· [A-Z0-9]{4} 困难职工帮扶和医疗互助（2027年全年）/);
    expect(await ask('换届选举已完成', '2027-01-25')).toMatch(/· E9J4 局工会换届选举筹备（2026年计划）\n· [A-Z0-9]{4} 局工会换届选举（2027年计划）/);
    // Another department's work, named by words: whose it is, with the year.
    expect(await ask('职工之家建设已完成', '2027-01-05', '财务处工会群', '陈会计'))
      .toMatch(/· H8W8 职工之家建设（2026年全年，机关工会、各基层工会）\n· [A-Z0-9]{4} 职工之家建设（2027年全年，机关工会、各基层工会）/);
  });

  it('withdrawing the 2026 plan says what it does to answers and the ledger; the 2026 ledger still exports, marked withdrawn', async () => {
    const prompt = await planbot(['plans', 'withdraw', '1'], { database, answer: () => 'y' });
    expect(prompt.stdout).toContain('将撤下计划 #1：2026年 2026年示例市水务局工会工作计划');
    expect(prompt.stdout).toContain('群里问到2026年的任务或进度时，会说明该年计划已撤下');
    expect(prompt.stdout).toContain('仍可导出2026年台账（export --year 2026），台账中会注明计划已撤下');
    expect(prompt.stdout).toContain('已撤下计划 #1。');

    const file = path.join(tmp, '2026台账.xlsx');
    const run = await planbot(['export', '--year', '2026', '--out', file, '--today', '2027-01-15'], { database });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('注意：计划 #1《2026年示例市水务局工会工作计划》已撤下');
    const ledger = [...(await readWorkbook(file)).values()][0]!;
    const g8r6 = ledger.filter((r) => r[0] === 'G8R6');
    expect(g8r6.map((r) => [r[3], r[5]])).toEqual([['局工会', '已完成'], ['组织人事处', '逾期未完成']]);
    expect(ledger.some((r) => r[0] === 'Q2N3' && r[5] === '已完成')).toBe(true);
  });

  it('the ledger is ready to hand in: each sheet has a title with the plan and year and the cut-off day, the summary a total with the completion rate, and prints landscape one page wide', async () => {
    const file = path.join(tmp, 'handed-in.xlsx');
    expect((await planbot(['export', '--year', '2026', '--out', file, '--today', '2027-01-15'], { database })).code).toBe(0);
    const sheets = await readWorkbook(file);
    expect([...sheets.keys()]).toEqual(['2026年工作台账', '按部门汇总', '数据汇总']);
    for (const [name, rows] of sheets) {
      expect(rows[0]![0]).toBe(`2026年示例市水务局工会工作计划（已撤下） ${name === '2026年工作台账' ? '工作台账' : name}`);
      expect(rows[1]![0]).toBe('统计截至 2027-01-15');
    }
    expect(sheets.get('2026年工作台账')![2]).toEqual(LEDGER_HEADERS);
    const summary = sheets.get('按部门汇总')!;
    expect(summary[2]).toEqual(['部门', '已完成', '部分完成', '未完成', '逾期未完成', '未开始', '合计', '已到期', '完成率']);
    const departments = summary.slice(3).filter((r) => r[0] && r[0] !== '合计' && typeof r[1] === 'number');
    const total = summary.find((r) => r[0] === '合计')!;
    // Every department's work added up; in January of the next year all of it is due (换届筹备, 2027年1月, is still open):
    // 3 of the 30 that are due are done (换届筹备's two rows are not due until 1月31日).
    for (let i = 1; i <= 7; i++) expect(total[i]).toBe(departments.reduce((n, r) => n + (r[i] as number), 0));
    expect(total.slice(1)).toEqual([3, 0, 2, 27, 0, 32, 30, 3 / 30]);
    expect(summary.some((r) => String(r[0]).startsWith('完成率 = 已完成 ÷ 已到期。'))).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
    expect(wb.getWorksheet('按部门汇总')!.getCell(`I${3 + departments.length + 1}`).numFmt).toBe('0.0%');
  });

  it('after the withdrawal, chat and progress say the 2026 plan was withdrawn instead of "all done" or "no tasks"', async () => {
    const notDone = await ask('2026年未完成', '2027-01-15');
    expect(notDone).toContain('2026年的工作计划《2026年示例市水务局工会工作计划》已由工会办公室撤下');
    expect(notDone).not.toContain('都已确认完成');
    const overdue = await ask('2026年逾期', '2027-01-15');
    expect(overdue).toContain('已由工会办公室撤下');
    expect(overdue).not.toContain('没有逾期未确认的任务');
    const progress = await ask('2026年12月进度', '2027-01-15');
    expect(progress).toContain('已由工会办公室撤下');
    expect(progress).not.toContain('没有按月安排');
    const tasks = await ask('2026年有哪些任务', '2027-01-15');
    expect(tasks).toContain('已由工会办公室撤下');
    expect(tasks).not.toContain('尚未导入2026年');

    const cli = await planbot(['progress', '--month', '2026-12', '--today', '2027-01-15'], { database });
    expect(cli.stdout).toContain('2026年的计划《2026年示例市水务局工会工作计划》已撤下（#1）');
    expect(cli.stdout).not.toContain('本月没有按月安排');
    const json = JSON.parse((await planbot(['progress', '--month', '2026-12', '--today', '2027-01-15', '--json'], { database })).stdout);
    expect(json).toMatchObject({ month: '2026-12', departments: [], withdrawn_plans: [{ id: 1, year: 2026 }] });

    const list = await ask('计划列表', '2027-01-15');
    expect(list).toMatch(/2026年 2026年示例市水务局工会工作计划（已撤下/);
    // The 2027 plan is untouched.
    expect(await ask('2027年1月进度', '2027-01-15')).not.toContain('撤下');
  });

  it('several withdrawn plans of a year: export names them and asks which one (--plan)', async () => {
    const file = path.join(tmp, 'other-2026.md');
    writeFileSync(file, ['# 示例市水务局机关工会文件', '', '示水机工〔2026〕5号', '', '## 2026年机关工会工作要点', '',
      '| 序号 | 计划时间 | 工作内容 | 负责部门 |', '| --- | --- | --- | --- |', '| 1 | 7月 | 开展职工羽毛球比赛 | 机关工会 |', ''].join('\n'));
    expect((await planbot(['import', file, '--yes'], { database })).code).toBe(0);
    const plans = JSON.parse((await planbot(['plans', '--json'], { database })).stdout) as { id: number; title: string }[];
    const other = plans.find((p) => p.title === '2026年机关工会工作要点')!;
    // With another active plan of the year, the prompt says the year's ledger will leave this one out.
    const prompt = await planbot(['plans', 'withdraw', String(other.id), '--yes'], { database });
    expect(prompt.stdout).toContain(`已撤下计划 #${other.id}。`);

    const out = path.join(tmp, 'which.xlsx');
    const refused = await planbot(['export', '--year', '2026', '--out', out], { database });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('2026年的计划都已撤下：#1《2026年示例市水务局工会工作计划》');
    expect(refused.stderr).toContain(`--plan ${other.id}`);
    const chosen = await planbot(['export', '--year', '2026', '--plan', '1', '--out', out, '--today', '2027-01-15'], { database });
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('计划 #1《2026年示例市水务局工会工作计划》已撤下');
    const ledger = [...(await readWorkbook(out)).values()][0]!;
    expect(ledger.some((r) => r[1] === '开展职工羽毛球比赛')).toBe(false);
    expect(ledger.some((r) => r[0] === 'G8R6')).toBe(true);
  });
});
