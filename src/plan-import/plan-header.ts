import type { Line } from './normalize-text.js';
import { matchEnumerator } from './enumerators.js';

export interface PlanHeader {
  title: string;
  issuer: string | null;
  docNo: string | null;
  year: number;
}

const PLAN_TITLE_END = /(工作计划|工作要点|工作安排|工作意见|工作方案|工作思路|工作打算|重点工作|计划表|项目清单|任务清单|计划|要点)$/;
const DOC_NO = /[\u4e00-\u9fa5]{1,12}[ \u3000]*[〔［\[（(【]\s*(?:\d{4})\s*[〕］\]）)】][ \u3000]*第?[ \u3000]*\d{1,4}[ \u3000]*号/;
const ORG_END = /(总工会|工会委员会|工会联合会|工会工作委员会|工会)$/;
const CN_YEAR_DIGIT: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** First plausible plan year (2000–2099) written as "2027年" or "二〇二七年". */
export function yearIn(s: string): number | null {
  const m = /(?<!\d)(20\d{2})\s*年/.exec(s) ?? /(?<!\d)(20\d{2})(?!\d)/.exec(s);
  if (m) return Number(m[1]);
  const c = /([二][〇零][〇零一二三四五六七八九]{2})\s*年/.exec(s);
  if (c) return Number([...c[1]!].map((ch) => CN_YEAR_DIGIT[ch]).join(''));
  return null;
}

function isMetaLine(t: string): boolean {
  return /^(签发人|附件|抄送|主送|联系人|发文|印发)/.test(t) || DOC_NO.test(t) || /文件$/.test(t);
}

function findTitle(lines: Line[]): string | null {
  const top = lines.slice(0, 80).map((l) => l.text.trim()).filter(Boolean);
  for (const t of top) {
    if (t.length > 50 || t.length < 4) continue;
    if (/^关于|通知$|印发|[。；，]$|^附件/.test(t) || matchEnumerator(t)) continue;
    if (PLAN_TITLE_END.test(t)) return t;
  }
  // Notice title: 关于印发《X》的通知 → X.
  for (const t of top) {
    const m = /关于印发《([^》]+)》/.exec(t);
    if (m) return m[1]!;
  }
  // Speech or report: the heading lines before the subtitle ("——在…会议上的报告") or salutation.
  const block: string[] = [];
  for (const t of top) {
    if (/^——|^--|^[（(]\s*\d{4}|[:：]$/.test(t) || isMetaLine(t)) break;
    if (t.length > 30 || /[。；]/.test(t)) break;
    block.push(t);
    if (block.length >= 4) break;
  }
  if (block.length) {
    return block.reduce((acc, t, i) => (i === 0 ? t : acc + (i === 1 && /\s/.test(block[0]!) ? ' ' : '') + t), '');
  }
  return top[0] ? top[0].slice(0, 50) : null;
}

function findIssuer(lines: Line[], title: string | null, text: string): string | null {
  const all = lines.map((l) => l.text.trim()).filter(Boolean);
  for (const t of all.slice(0, 20)) {
    const m = /^(.{2,40}?)(?:文件)$/.exec(t);
    if (m && /工会|委员会/.test(m[1]!)) return m[1]!.trim();
  }
  for (const t of [...all.slice(0, 10), ...all.slice(-12)]) {
    if (t.length <= 40 && ORG_END.test(t) && !/[，。：:、]/.test(t) && !matchEnumerator(t)) return t;
  }
  if (title) {
    const m = /^(.{2,30}?(?:总工会|工会委员会|工会联合会|工会))/.exec(title.replace(/^\d{4}\s*年\s*/, ''));
    if (m && !/^\d/.test(m[1]!)) return m[1]!;
  }
  // A full organisation name used in the text, e.g. 上海市总工会.
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/(?<![\u4e00-\u9fa5])[\u4e00-\u9fa5]{2,5}?[省市区县]总工会/g)) {
    const name = m[0].replace(/^.*?(?:代表|受|向|在|由|与|和|为|对|是|经|的|我|及)/, '');
    if (name.length >= 5) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
  return best ? best[0] : null;
}

/** Reads title, issuer, 文号 and plan year from the top of the document. */
export function parseHeader(lines: Line[], opts: { fileName?: string; defaultYear?: number }): PlanHeader {
  const text = lines.map((l) => l.text).join('\n');
  const title = findTitle(lines);
  const docNoMatch = DOC_NO.exec(lines.slice(0, 40).map((l) => l.text).join('\n'));
  const docNo = docNoMatch ? docNoMatch[0].trim() : null;
  const issuer = findIssuer(lines, title, text);

  let year: number | null = title ? yearIn(title) : null;
  if (year == null && docNo) year = yearIn(docNo);
  if (year == null) {
    const ys = [...text.matchAll(/(?<!\d)(20\d{2})\s*年\s*(?:度)?(?:的)?(?:主要|重点)?(?:目标任务|工作要点|工作计划|工作安排|重点工作|工作打算|工作任务|工作思路)/g)].map((m) => Number(m[1]));
    if (ys.length) year = Math.max(...ys);
  }
  if (year == null) {
    const m = /(?<!\d)(20\d{2})\s*年\s*[，,]?\s*是/.exec(text);
    if (m) year = Number(m[1]);
  }
  if (year == null && opts.fileName) year = yearIn(opts.fileName);
  if (year == null) year = opts.defaultYear ?? new Date().getFullYear();

  const fallbackTitle = opts.fileName ? opts.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') : '工作计划';
  return { title: title ?? fallbackTitle, issuer, docNo, year };
}
