import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { examplesDir, loadExamples } from '../../src/bootstrap/load-examples.js';
import { replyText } from '../../src/core/reply.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { planbot } from '../helpers/cli.js';
import { freshDatabase, onServer } from '../helpers/db.js';

/**
 * "春节慰问什么时候" asked in December is about the coming Spring Festival, not the one of last January
 * (commands/when.ts, the year-end rule of src/query/time.ts comingTurn): the example 2026 plan, then 2027 plans.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'planbot-when-'));
let database: Database;
let chat: ChatHarness;

/** The example plan as the 2027 one; `keep` decides which rows of the attachment table stay. */
function plan2027(name: string, keep: (row: string) => boolean = () => true): string {
  const file = path.join(tmp, name);
  const text = readFileSync(path.join(examplesDir, 'plan-2026.md'), 'utf8').replaceAll('2026', '2027')
    .split('\n').filter((line) => !/^\| \d+ \|/.test(line) || keep(line)).join('\n');
  writeFileSync(file, text);
  return file;
}

const office = () => chat.as('王主席', '局工会办公室群');
const said = async (text: string) => replyText((await office().says(text))!.reply);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  chat = await chatHarness({ database, today: '2026-12-20' });
});
afterAll(async () => { await database?.close(); });

describe(`when, late in the year (${onServer ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('without next year\'s plan, this year\'s Spring Festival work is named as this year\'s and past, and the missing plan is said', async () => {
    expect(await said('送温暖什么时候')).toBe([
      '（2027年的工作计划尚未导入，导入后即可查询明年的安排。）',
      '春节走访慰问困难职工和一线职工：2026年1-2月，今年的已过。',
      '编号 G8R6｜负责：局工会、组织人事处',
    ].join('\n'));
    const both = await said('春节慰问什么时候');
    expect(both).toMatch(/^找到 2 项相关任务，今年的都已过：/);
    expect(both).toContain('· 春节走访慰问困难职工和一线职工：2026年1-2月，今年的已过（G8R6｜局工会、组织人事处）');
    expect(both).toContain('· 发放职工春节慰问品：2026年1-2月，今年的已过（Y9G5｜机关工会）');
    expect(both).toContain('2027年的工作计划尚未导入');
  });

  it('work still ahead this year, a year named, and the same question earlier in the year are answered as before', async () => {
    expect(await said('年报年统什么时候')).toBe('工会年报年统：12月。\n编号 Q2N3｜负责：局工会');
    expect(await said('换届选举什么时候')).toBe('局工会换届选举筹备：2027年1月。\n编号 E9J4｜负责：局工会、组织人事处');
    const named = await said('2026年春节慰问什么时候');
    expect(named).toContain('· 春节走访慰问困难职工和一线职工：1-2月（G8R6｜局工会、组织人事处）');
    expect(named).not.toContain('已过');
    chat.setToday('2026-10-20');
    try {
      expect(await said('送温暖什么时候')).toBe('春节走访慰问困难职工和一线职工：1-2月。\n编号 G8R6｜负责：局工会、组织人事处');
    } finally {
      chat.setToday('2026-12-20');
    }
  });

  it('next year\'s plan imported without the task: this year\'s, saying the 2027 plan has none', async () => {
    const file = plan2027('plan-2027.md', (row) => !row.includes('春节'));
    expect((await planbot(['import', file, '--yes'], { database })).code).toBe(0);
    const reply = await said('送温暖什么时候');
    expect(reply).toContain('（2027年的计划中没有找到相关任务。）');
    expect(reply).toContain('春节走访慰问困难职工和一线职工：2026年1-2月，今年的已过。');
  });

  it('next year\'s plan with the task: the 2027 Spring Festival work, with its year, and how to ask for this year\'s', async () => {
    // A revised version of the same plan (same 文号), now with the Spring Festival rows.
    expect((await planbot(['import', plan2027('plan-2027.md'), '--yes'], { database })).code).toBe(0);
    const turn = (await office().says('送温暖什么时候'))!;
    const code = turn.tasks[0]!.code;
    expect(code).not.toBe('G8R6');
    expect(replyText(turn.reply)).toBe([
      '（2026年1-2月已过，以下是2027年计划中的安排；问题里加上“2026年”可查看今年的。）',
      '春节走访慰问困难职工和一线职工：2027年1-2月。',
      `编号 ${code}｜负责：局工会、组织人事处`,
    ].join('\n'));
    const both = await said('春节慰问什么时候');
    expect(both).toMatch(/^2027年计划中找到 2 项相关任务：/);
    expect(both).toContain('发放职工春节慰问品：2027年1-2月');
    expect(both).not.toContain('G8R6');
    // Asked with this year named, this year's.
    expect(await said('2026年送温暖什么时候')).toBe('春节走访慰问困难职工和一线职工：1-2月。\n编号 G8R6｜负责：局工会、组织人事处');
  });
});
