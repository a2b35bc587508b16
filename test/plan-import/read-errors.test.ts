/** readPlanDocument / parsePlanFile on bad input: every failure is a PlanImportError with a Chinese message. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanImportError, parsePlanFile, readPlanDocument, type PlanImportErrorCode } from '../../src/plan-import/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-errors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

async function expectImportError(p: Promise<unknown>, code: PlanImportErrorCode, ...messageParts: RegExp[]): Promise<PlanImportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlanImportError);
  const e = err as PlanImportError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  for (const part of messageParts) expect(e.message).toMatch(part);
  return e;
}

describe('readPlanDocument errors', () => {
  it('NOT_FOUND for a missing file', async () => {
    await expectImportError(readPlanDocument(path.join(tmp, '不存在的计划.txt')), 'NOT_FOUND', /找不到文件/, /不存在的计划\.txt/);
  });

  it('NOT_FOUND for a directory', async () => {
    fs.mkdirSync(path.join(tmp, 'folder.txt'), { recursive: true });
    await expectImportError(readPlanDocument(path.join(tmp, 'folder.txt')), 'NOT_FOUND', /不是一个文件/);
  });

  it('EMPTY for an empty file and a whitespace-only file', async () => {
    await expectImportError(readPlanDocument(file('空白.txt', '')), 'EMPTY', /文件为空：空白\.txt/, /请检查后重新导入/);
    await expectImportError(readPlanDocument(file('空格.md', ' \n\t\n  \r\n')), 'EMPTY', /文件为空/);
  });

  it('TOO_LARGE for a 20 MB file, without reading it all', async () => {
    const p = path.join(tmp, 'huge.txt');
    fs.writeFileSync(p, '');
    fs.truncateSync(p, 20 * 1024 * 1024); // sparse file
    await expectImportError(readPlanDocument(p), 'TOO_LARGE', /10 MB/, /20\.0 MB/);
  });

  it('UNSUPPORTED for .pdf, .doc, .xlsx and unknown extensions, naming the supported formats', async () => {
    const pdf = await expectImportError(readPlanDocument(file('计划.pdf', '%PDF-1.4 ...')), 'UNSUPPORTED', /PDF/, /\.docx/, /\.txt/);
    expect(pdf.message).toMatch(/\.md/);
    await expectImportError(readPlanDocument(file('计划.doc', 'x')), 'UNSUPPORTED', /另存为/, /\.docx/, /\.txt/);
    await expectImportError(readPlanDocument(file('计划.xlsx', 'x')), 'UNSUPPORTED', /\.txt.*\.md.*\.docx/);
    await expectImportError(readPlanDocument(file('计划', 'x')), 'UNSUPPORTED', /\.txt.*\.md.*\.docx/);
  });

  it('BINARY for binary data disguised as .txt', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    await expectImportError(readPlanDocument(file('伪装.txt', bytes)), 'BINARY', /不是文本文件/);
    // A .docx renamed to .txt is recognised and explained.
    await expectImportError(readPlanDocument(file('改名.txt', Buffer.from('PK\u0003\u0004rest-of-zip', 'latin1'))), 'BINARY', /docx/);
    // Mostly control characters, no NUL bytes.
    const ctrl = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x01 + (i % 7))));
    await expectImportError(readPlanDocument(file('控制字符.txt', ctrl)), 'BINARY');
  });

  it('CORRUPT for a .docx that is not a zip, or a zip that is not a Word document', async () => {
    await expectImportError(readPlanDocument(file('坏文件.docx', '这不是 Word 文档')), 'CORRUPT', /坏文件\.docx/, /\.docx/);
    const zipHeaderOnly = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 0x20)]);
    await expectImportError(readPlanDocument(file('截断.docx', zipHeaderOnly)), 'CORRUPT', /损坏/);
  });

  it('NO_TASKS from parsePlanFile when nothing looks like a task', async () => {
    await expectImportError(parsePlanFile(file('闲聊.txt', '今天天气很好。\n大家辛苦了！\n')), 'NO_TASKS', /没有从 闲聊\.txt 中识别出任何工作任务/);
  });
});

describe('readPlanDocument encodings', () => {
  const plan = '某区总工会2027年工作要点\n1、召开全委会。3月召开。（责任部门：办公室）\n';

  it('strips a UTF-8 BOM', async () => {
    const text = await readPlanDocument(file('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plan, 'utf8')])));
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).toBe(plan);
  });

  it('reads GB18030/GBK text that is not valid UTF-8', async () => {
    // "某区总工会2027年工作要点" etc. encoded as GBK bytes.
    const gbk = Buffer.from(
      'c4b3c7f8d7dcb9a4bbe132303237c4eab9a4d7f7d2aab5e30a31a1a2d5d9bfaac8abceafbbe1a1a333d4c2d5d9bfaaa1a3a3a8d4f0c8ceb2bfc3c5a3bab0ecb9abcad2a3a90a',
      'hex',
    );
    const text = await readPlanDocument(file('gbk.txt', gbk));
    expect(text).toBe(plan);
    const parsed = await parsePlanFile(path.join(tmp, 'gbk.txt'));
    expect(parsed.tasks[0]!.departments).toEqual(['办公室']);
  });

  it('reads UTF-16 with a BOM', async () => {
    const text = await readPlanDocument(file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan, 'utf16le')])));
    expect(text).toBe(plan);
  });
});
