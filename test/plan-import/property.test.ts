/** Property tests: the parser never throws and always returns well-formed tasks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlanText, toContract, type ParsedPlan } from '../../src/plan-import/index.js';
import { parsePlanTextStrict } from '../../src/plan-import/parse-plan.js';

const PLAN_TOKENS = [
  '1-2月', '3 月', '4 或 5 月', '7 月、12 月', '2027 年 1 月', '次年1月', '全年', '1-12月', '七、八月份', '一月份：',
  '1~2月:', '第三季度', '上半年', '下半年', '年底', '元旦春节', '送清凉', '“五一”国际劳动节', '国庆', '7.15 开放日',
  '（责任单位：', '宣传部、网络工作部', '）', '（牵头：办公室；配合：组织部）', '（A牵头，B配合）', '责任单位：',
  '一、', '（一）', '1、', '1. ', '（1）', '①', '一要', '二是', '十件实事', '附件', '序号', '内容', '计划时间', '负责部门',
  '|', '| --- |', '\t', '\n', '\n\n', '\r\n', '。', '，', '；', '**', '# ', '## ', '[bookmark: _GoBack]', '^①',
  '召开职代会', '开展送温暖活动', '局工会', '2021年主要工作', '2027年工作要点', '〔2027〕1号', '工会委员会文件', ' ', '　',
];

const planLike = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PLAN_TOKENS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom('0', '1', '2', '9', '12', '13', '31', '.', '-', '~', '月', '年', '日') },
  ),
  maxLength: 120,
});

function checkPlan(plan: ParsedPlan): void {
  expect(typeof plan.title).toBe('string');
  expect(Number.isInteger(plan.year)).toBe(true);
  expect(Array.isArray(plan.unplaced)).toBe(true);
  for (const t of plan.tasks) {
    expect(t.title.trim().length).toBeGreaterThan(0);
    for (const w of t.windows) {
      expect(w.startMonth).toBeGreaterThanOrEqual(1);
      expect(w.startMonth).toBeLessThanOrEqual(12);
      expect(w.endMonth).toBeGreaterThanOrEqual(1);
      expect(w.endMonth).toBeLessThanOrEqual(12);
      expect(w.startYear * 12 + w.startMonth).toBeLessThanOrEqual(w.endYear * 12 + w.endMonth);
    }
    expect(t.datesNote === null).toBe(t.windows.length === 0);
    if (t.allYear) expect(t.windows.length).toBeGreaterThan(0);
  }
  const contract = toContract(plan, plan.tasks.map((_, i) => `T${i}`));
  for (const t of contract.tasks) {
    if (t.months !== 'all') for (const m of t.months) expect(m >= 1 && m <= 12).toBe(true);
  }
}

describe('parsePlanText properties', () => {
  it('never throws on arbitrary ASCII-ish strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => checkPlan(parsePlanTextStrict(s, {}))), { numRuns: 300 });
  });

  it('never throws on arbitrary Unicode (including lone surrogates)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => checkPlan(parsePlanTextStrict(s, {}))), { numRuns: 300 });
  });

  it('never throws on graphemes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => checkPlan(parsePlanTextStrict(s, {}))), { numRuns: 200 });
  });

  it('never throws on mixtures of plan-like tokens, and returns well-formed tasks', () => {
    fc.assert(
      fc.property(planLike, fc.integer({ min: 1990, max: 2100 }), (s, year) => checkPlan(parsePlanTextStrict(s, { defaultYear: year }))),
      { numRuns: 1500 },
    );
  });

  it('never throws on line-structured plan-like documents', () => {
    const line = fc.array(fc.constantFrom(...PLAN_TOKENS), { maxLength: 8 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => checkPlan(parsePlanTextStrict(lines.join('\n'), {}))),
      { numRuns: 800 },
    );
  });

  it('parsePlanText tolerates non-string input', () => {
    expect(parsePlanText(undefined as unknown as string).tasks).toEqual([]);
    expect(parsePlanText(null as unknown as string, { fileName: 'x.txt', defaultYear: 2027 }).year).toBe(2027);
  });
});
