/**
 * A .docx built with the `docx` package (title, body text, attachment table
 * 序号/内容/计划时间/负责部门 with blank and merged time cells) read through
 * readPlanDocument + parsePlanText.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
} from 'docx';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePlanFile, parsePlanText, readPlanDocument, toContract } from '../../src/plan-import/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-docx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cell = (text: string, merge?: (typeof VerticalMergeType)[keyof typeof VerticalMergeType]) =>
  new TableCell({ children: [new Paragraph(text)], ...(merge ? { verticalMerge: merge } : {}) });
const row = (cells: TableCell[]) => new TableRow({ children: cells });

async function buildPlanDocx(file: string): Promise<void> {
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('本计划由局工会办公室负责解释。')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: '某市交通运输局机关工会2027年工作计划', heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          new Paragraph({ text: '机交工〔2027〕3号', alignment: AlignmentType.CENTER }),
          new Paragraph({ children: [new TextRun('2027年，机关工会将围绕局党组中心工作，组织开展形式多样的职工活动。'), new FootnoteReferenceRun(1)] }),
          new Paragraph('一、加强职工思想引领'),
          new Paragraph({ children: [new TextRun({ text: '（一）深化学习教育。', bold: true }), new TextRun('组织职工参加专题讲座和网上学习。')] }),
          new Paragraph('附件：机关工会2027年工作计划表'),
          new Table({
            rows: [
              row(['序号', '内容', '计划时间', '负责部门'].map((t) => cell(t))),
              row([cell('1'), cell('春节走访慰问困难职工'), cell('1-2月'), cell('机关工会')]),
              row([cell('2'), cell('发放职工春节慰问品'), cell(''), cell('机关工会、办公室')]),
              row([cell('3'), cell('“三八”妇女节活动'), cell('3月', VerticalMergeType.RESTART), cell('女工委')]),
              row([cell('4'), cell('女职工健康讲座'), cell('', VerticalMergeType.CONTINUE), cell('女工委、机关工会')]),
              row([cell('5'), cell('职工健步走'), cell('4 或 5 月'), cell('机关工会')]),
              row([cell('6'), cell('送清凉慰问'), cell('7-8月'), cell('机关工会')]),
              row([cell('7'), cell('组织职工体检'), cell(''), cell('机关工会、人事处')]),
              row([cell('8'), cell('职工生日慰问'), cell('全年'), cell('机关工会')]),
            ],
          }),
        ],
      },
    ],
  });
  fs.writeFileSync(file, await Packer.toBuffer(doc));
}

describe('readPlanDocument (.docx)', () => {
  it('keeps tables as rows of tab-separated cells and drops footnote marks', async () => {
    const file = path.join(tmp, '机关工会2027年工作计划.docx');
    await buildPlanDocx(file);
    const text = await readPlanDocument(file);
    expect(text).toContain('序号\t内容\t计划时间\t负责部门');
    expect(text).toContain('2\t发放职工春节慰问品\t\t机关工会、办公室');
    // The vertically merged time cell repeats on the row it spans.
    expect(text).toContain('4\t女职工健康讲座\t3月\t女工委、机关工会');
    expect(text).not.toMatch(/\[1\]|↑/);

    const plan = parsePlanText(text, { fileName: path.basename(file) });
    expect(plan.title).toBe('某市交通运输局机关工会2027年工作计划');
    expect(plan.docNo).toBe('机交工〔2027〕3号');
    expect(plan.year).toBe(2027);
    const tasks = toContract(plan, plan.tasks.map((_, i) => `T${i + 1}`)).tasks.map(({ title, months, departments }) => ({ title, months, departments }));
    expect(tasks).toEqual([
      { title: '春节走访慰问困难职工', months: [1, 2], departments: ['机关工会'] },
      { title: '发放职工春节慰问品', months: [1, 2], departments: ['机关工会', '办公室'] },
      { title: '“三八”妇女节活动', months: [3], departments: ['女工委'] },
      { title: '女职工健康讲座', months: [3], departments: ['女工委', '机关工会'] },
      { title: '职工健步走', months: [4, 5], departments: ['机关工会'] },
      { title: '送清凉慰问', months: [7, 8], departments: ['机关工会'] },
      { title: '组织职工体检', months: [7, 8], departments: ['机关工会', '人事处'] },
      { title: '职工生日慰问', months: 'all', departments: ['机关工会'] },
    ]);
    expect(plan.tasks.every((t) => t.kind === 'scheduled')).toBe(true);
  });

  it('parsePlanFile reads and parses in one step', async () => {
    const file = path.join(tmp, 'plan2.docx');
    await buildPlanDocx(file);
    const plan = await parsePlanFile(file);
    expect(plan.tasks).toHaveLength(8);
    expect(plan.tasks[1]!.datesNote).toBe('1-2月');
  });

  it('puts Word list numbering back in front of list items', async () => {
    const doc = new Document({
      numbering: {
        config: [{ reference: 'num', levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: AlignmentType.START }] }],
      },
      sections: [
        {
          children: [
            new Paragraph('某区总工会2027年工作要点'),
            new Paragraph({ text: '召开区总工会全委会。3月召开全委（扩大）会议。（责任部门：办公室）', numbering: { reference: 'num', level: 0 } }),
            new Paragraph({ text: '深化职工素质提升行动。（责任部门：劳动保护部）', numbering: { reference: 'num', level: 0 } }),
          ],
        },
      ],
    });
    const file = path.join(tmp, 'numbered.docx');
    fs.writeFileSync(file, await Packer.toBuffer(doc));
    const plan = await parsePlanFile(file);
    expect(plan.tasks.map((t) => [t.ref, t.title, t.departments])).toEqual([
      ['item 1', '召开区总工会全委会', ['办公室']],
      ['item 2', '深化职工素质提升行动', ['劳动保护部']],
    ]);
    expect(plan.tasks[0]!.windows).toEqual([{ startYear: 2027, startMonth: 3, endYear: 2027, endMonth: 3 }]);
  });
});
