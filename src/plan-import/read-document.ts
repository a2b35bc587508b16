import fs from 'node:fs/promises';
import path from 'node:path';
import mammoth from 'mammoth';
import { PlanImportError } from './errors.js';
import { htmlToPlanText } from './docx-html.js';
import { PLANBOT } from '../core/invocation.js';

/** Largest plan document accepted (10 MB). */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

const TEXT_EXTS = new Set(['.txt', '.text', '.md', '.markdown']);
const SUPPORTED = '.txt（纯文本）、.md（Markdown）、.docx（Word 文档）';

function unsupportedMessage(name: string, ext: string): string {
  if (ext === '.doc' || ext === '.wps') {
    return `暂不支持旧版 Word 文档（${ext}）：${name}。请用 Word 或 WPS 打开后“另存为” .docx 格式再导入，或者把正文复制粘贴到一个 .txt 文本文件中。目前支持的格式：${SUPPORTED}。`;
  }
  if (ext === '.pdf') {
    return `暂不支持 PDF 文件：${name}。请用 WPS 或 Word 打开后另存为 .docx 格式，或者把文字复制粘贴到一个 .txt 文本文件中再导入。目前支持的格式：${SUPPORTED}。`;
  }
  if (['.xls', '.xlsx', '.et', '.csv', '.ods'].includes(ext)) {
    return `暂不支持表格文件（${ext}）：${name}。请把计划表复制到 Word 文档（.docx）或 .txt 文本文件中再导入。目前支持的格式：${SUPPORTED}。`;
  }
  if (ext === '.yaml' || ext === '.yml') {
    return `${name} 看起来是通讯录文件：导入通讯录请用 ${PLANBOT} directory import ${name}。计划文件支持的格式：${SUPPORTED}。`;
  }
  const shown = ext ? `“${ext}”格式` : '没有扩展名';
  return `无法导入 ${name}：不支持${shown}的文件。目前支持的格式：${SUPPORTED}。`;
}

function formatSize(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Magic numbers of files that are not text, with a hint for the clerk. */
function binaryHint(buf: Buffer): string | null {
  if (buf.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') return '它看起来是 Word（.docx）或压缩文件，请确认扩展名是否正确';
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return '它看起来是 PDF 文件，请另存为 .docx 或把文字复制到 .txt 中';
  if (buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return '它看起来是旧版 Word/Excel 文件，请另存为 .docx';
  return null;
}

/** Decodes a text file: UTF-8 (BOM stripped), UTF-16 with BOM, or GB18030/GBK. */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

function looksBinary(buf: Buffer, text: string): boolean {
  const utf16 = buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
  if (!utf16 && buf.includes(0)) return true;
  const sample = text.slice(0, 20000);
  if (!sample.length) return false;
  let bad = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad / sample.length > 0.05;
}

async function readDocx(buf: Buffer, name: string, filePath: string): Promise<string> {
  const zipMagic = buf.subarray(0, 4).toString('latin1');
  if (zipMagic !== 'PK\u0003\u0004' && zipMagic !== 'PK\u0005\u0006') {
    throw new PlanImportError('CORRUPT', `无法打开 ${name}：文件已损坏，或者不是真正的 Word（.docx）文档。请用 Word 或 WPS 打开确认后，重新“另存为” .docx 再导入。`, { filePath });
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: buf },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (cause) {
    throw new PlanImportError('CORRUPT', `无法读取 Word 文档 ${name}：文件可能已损坏或不完整。请用 Word 或 WPS 打开确认后，重新“另存为” .docx 再导入。`, { filePath, cause });
  }
  return htmlToPlanText(html);
}

/**
 * Reads a plan document (.txt, .md or .docx) and returns its text. Tables in .docx files
 * come back as one line per row with tab-separated cells. Throws PlanImportError.
 */
export async function readPlanDocument(filePath: string): Promise<string> {
  const name = path.basename(filePath);
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch (cause) {
    throw new PlanImportError('NOT_FOUND', `找不到文件：${filePath}。请检查文件名和所在位置是否正确。`, { filePath, cause });
  }
  if (!stat.isFile()) {
    throw new PlanImportError('NOT_FOUND', `“${filePath}”不是一个文件（可能是文件夹），请选择要导入的计划文件。`, { filePath });
  }
  const ext = path.extname(name).toLowerCase();
  if (!TEXT_EXTS.has(ext) && ext !== '.docx') {
    throw new PlanImportError('UNSUPPORTED', unsupportedMessage(name, ext), { filePath });
  }
  if (stat.size > MAX_PLAN_FILE_BYTES) {
    throw new PlanImportError('TOO_LARGE', `文件太大：${name} 有 ${formatSize(stat.size)}，超过了 10 MB 的上限。工作计划一般不会这么大，请确认选对了文件，或删去其中的图片后再导入。`, { filePath });
  }
  if (stat.size === 0) {
    throw new PlanImportError('EMPTY', `文件为空：${name} 没有任何内容，请检查后重新导入。`, { filePath });
  }
  const buf = await fs.readFile(filePath);
  let text: string;
  if (ext === '.docx') {
    text = await readDocx(buf, name, filePath);
    if (!text.trim()) {
      throw new PlanImportError('EMPTY', `文件为空：Word 文档 ${name} 里没有可读取的文字（可能只有图片或扫描件），请检查后重新导入。`, { filePath });
    }
    return text;
  }
  const hint = binaryHint(buf);
  text = decodeText(buf);
  if (hint || looksBinary(buf, text)) {
    throw new PlanImportError('BINARY', `无法导入 ${name}：这不是文本文件${hint ? `，${hint}` : '，内容无法识别为文字'}。请确认文件是否正确。`, { filePath });
  }
  if (!text.trim()) {
    throw new PlanImportError('EMPTY', `文件为空：${name} 没有任何文字内容，请检查后重新导入。`, { filePath });
  }
  return text.replace(/^\uFEFF/, '');
}
