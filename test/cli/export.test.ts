import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { HEADER_ROW } from '../../src/cli/export.js';
import { planbot } from '../helpers/cli.js';
import { freshDatabase, onServer } from '../helpers/db.js';

/** `planbot export` of the example 2026 plan: a ledger as of a day, and the year-end figures (数据汇总). */
const tmp = mkdtempSync(path.join(tmpdir(), 'planbot-export-'));
let database: Awaited<ReturnType<typeof freshDatabase>>;
const ask = (text: string, today: string, chat: string, user: string) =>
  planbot(['ask', text, '--chat', chat, '--user', user, '--today', today], { database }).then((r) => r.stdout);

/** The header row and the rows under it of a sheet of the workbook exported as of `today`. */
async function exported(today: string, sheet: string): Promise<(string | number)[][]> {
  const file = path.join(tmp, `${today}.xlsx`);
  const run = await planbot(['export', '--year', '2026', '--out', file, '--today', today], { database });
  expect(run.stderr).toBe('');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet(sheet)!.getSheetValues().slice(HEADER_ROW)
    .map((r) => ((r ?? []) as ExcelJS.CellValue[]).slice(1).map((v) => (v ?? '') as string | number));
}
const ledger = (today: string) => exported(today, '2026年工作台账');
/** Department, status, who, when and note of a task's rows. */
const rowsOf = (rows: (string | number)[][], code: string) => rows.filter((r) => r[0] === code).map((r) => [r[3], r[5], r[6], r[7], r[8]]);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  for (const [text, day, chat, user] of [
    ['完成 G8R6 慰问80人', '2026-02-10', '局工会办公室群', '王主席'],
    ['完成 J5D8 参加人数300人', '2026-05-20', '机关工会群', '赵主席'],
    ['完成 V4W5 托管120人', '2026-07-06', '机关工会群', '赵主席'],
    ['完成 D6S9 慰问120人', '2026-07-20', '局工会办公室群', '王主席'],
    // Taken back and confirmed again in August, with another figure.
    ['撤销 V4W5', '2026-08-03', '机关工会群', '赵主席'],
    ['完成 V4W5 托管150人', '2026-08-05', '机关工会群', '赵主席'],
  ]) expect(await ask(text!, day!, chat!, user!)).toMatch(/已记录|已撤销/);
});
afterAll(async () => { await database?.close(); });

describe(`planbot export (${onServer ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('--today is the ledger at the end of that day: later confirmations are not in it, a later undo does not take one out', async () => {
    const july15 = await ledger('2026-07-15');
    expect(rowsOf(july15, 'D6S9')).toEqual([['局工会', '未完成', '', '', ''], ['各基层工会', '未完成', '', '', '']]);
    expect(rowsOf(july15, 'V4W5')).toEqual([['机关工会', '已完成', '赵主席', '2026-07-06 12:00', '托管120人']]);
    expect(rowsOf(await ledger('2026-08-04'), 'V4W5')).toEqual([['机关工会', '未完成', '', '', '']]);
    const later = await ledger('2026-09-30');
    expect(rowsOf(later, 'V4W5')).toEqual([['机关工会', '已完成', '赵主席', '2026-08-05 12:00', '托管150人']]);
    expect(rowsOf(later, 'D6S9')[0]).toEqual(['局工会', '已完成', '王主席', '2026-07-20 12:00', '慰问120人']);
    // The summary counts the same: on 15 July 局工会 had G8R6 done and not yet D6S9.
    const summary = await exported('2026-07-15', '按部门汇总');
    expect(summary.find((r) => r[0] === '局工会')!.slice(1, 2)).toEqual([1]);
  });

  it('按部门汇总: 完成率 is done ÷ due; running and 全年 work is not due, work done early counts as due, "—" when nothing is', async () => {
    const header = ['部门', '已完成', '部分完成', '未完成', '逾期未完成', '未开始', '合计', '已到期', '完成率'];
    const row = (rows: (string | number)[][], name: string) => rows.find((r) => r[0] === name)!.slice(1, 9);
    const july10 = await exported('2026-07-10', '按部门汇总');
    expect(july10[0]).toEqual(header);
    // 各基层工会 owes D6S9 (7-8月, still running) and H8W8 (全年): nothing is due yet, so no rate rather than 0%.
    expect(row(july10, '各基层工会')).toEqual([0, 0, 2, 0, 0, 2, 0, '—']);
    // 局工会: G8R6 done and Y9G5, C8U7 and Q5C9 overdue are due; D6S9 and its 全年 work still run, the rest not begun.
    expect(row(july10, '局工会')).toEqual([1, 0, 2, 3, 5, 11, 4, 1 / 4]);
    // D6S9 confirmed on 07-20, before its window ends on 8月31日: counted as done and as due (2 ÷ 5, not 2 ÷ 4).
    const july31 = await exported('2026-07-31', '按部门汇总');
    expect(row(july31, '局工会')).toEqual([2, 0, 1, 3, 5, 11, 5, 2 / 5]);
    const total = july31.find((r) => r[0] === '合计')!;
    expect(total[8]).toBe((total[1] as number) / (total[7] as number));
    expect(july31.some((r) => String(r[0]).startsWith('完成率 = 已完成 ÷ 已到期。已到期 = 截止日已过的任务（不论是否完成）+ 提前完成的任务'))).toBe(true);
  });

  it('数据汇总 adds up only figures that mean the same thing, lists the others, and says so', async () => {
    const figures = await exported('2026-12-31', '数据汇总');
    expect(figures[0]).toEqual(['部门', '单位', '合计', '条数', '来自任务', '统计内容']);
    expect(figures.slice(1, 4)).toEqual([
      // 慰问 in two tasks of 局工会: one sum.
      ['局工会', '人', 200, 2, 'G8R6 春节走访慰问困难职工和一线职工；D6S9 送清凉高温慰问一线职工', '慰问'],
      // 人 of 健步走 and of 托管 (its figure as confirmed again) are not one number.
      ['机关工会', '人', 300, 1, 'J5D8 组织职工春季健步走', '参加人数'],
      ['机关工会', '人', 150, 1, 'V4W5 职工子女暑期托管班', '托管'],
    ]);
    expect(figures.some((r) => String(r[0]).startsWith('同一任务的数字，或单位和统计内容'))).toBe(true);
    // As of a day before the new confirmation, 托管 is the figure reported then; before the first one, none.
    expect((await exported('2026-07-31', '数据汇总')).find((r) => r[5] === '托管')!.slice(1, 4)).toEqual(['人', 120, 1]);
    expect((await exported('2026-07-01', '数据汇总')).some((r) => r[5] === '托管')).toBe(false);
  });
});
