/**
 * Outline enumerators used in Chinese official documents, from outermost to innermost:
 * 一、 > （一） > 1. / 1、 > （1） > ① ; 一要/一是/第一， mark paragraphs inside a subsection.
 */
export type EnumKind = 'cn' | 'pcn' | 'num' | 'pnum' | 'circ' | 'yao';

export const ENUM_RANK: Record<EnumKind, number> = { cn: 1, pcn: 2, num: 3, pnum: 4, circ: 5, yao: 6 };

export interface Enumerator {
  kind: EnumKind;
  /** Label as used in refs: "一", "(一)", "1", "(1)", "①", "一要". */
  label: string;
  value: number;
  /** Number of characters the enumerator (and following spaces) takes at the start. */
  length: number;
}

const CN_VAL: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Value of a Chinese numeral up to 99 ("十九" → 19, "二十一" → 21). */
export function chineseNumber(s: string): number {
  if (!s) return NaN;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 ? CN_VAL[s] ?? NaN : NaN;
  const tens = i === 0 ? 1 : CN_VAL[s.slice(0, i)] ?? NaN;
  const ones = i === s.length - 1 ? 0 : CN_VAL[s.slice(i + 1)] ?? NaN;
  return tens * 10 + ones;
}

const CN = '[一二三四五六七八九十]{1,3}';
const PATTERNS: Array<{ kind: EnumKind; re: RegExp; label: (m: RegExpExecArray) => string }> = [
  { kind: 'yao', re: new RegExp(`^(${CN})(要|是)(?=[\\u4e00-\\u9fa5“"《])`), label: (m) => m[1]! + m[2]! },
  { kind: 'yao', re: new RegExp(`^第(${CN})[，,、]\\s*`), label: (m) => `第${m[1]}` },
  { kind: 'cn', re: new RegExp(`^(${CN})\\s*(?:、|[．.](?!\\d))\\s*`), label: (m) => m[1]! },
  { kind: 'pcn', re: new RegExp(`^[（(]\\s*(${CN})\\s*[)）]\\s*[、．.]?\\s*`), label: (m) => `(${m[1]})` },
  { kind: 'pnum', re: /^[（(]\s*(\d{1,2})\s*[)）]\s*[、．.]?\s*/, label: (m) => `(${m[1]})` },
  { kind: 'num', re: /^(\d{1,2})\s*(?:、|[．.](?![\d.])|[)）])\s*/, label: (m) => m[1]! },
  { kind: 'circ', re: /^([①-⑳])\s*/, label: (m) => m[1]! },
];

/** The enumerator at the start of a paragraph, or null. */
export function matchEnumerator(text: string): Enumerator | null {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const raw = m[1]!;
    let value: number;
    if (p.kind === 'num' || p.kind === 'pnum') value = Number(raw);
    else if (p.kind === 'circ') value = raw.charCodeAt(0) - 0x2460 + 1;
    else value = chineseNumber(raw);
    if (!Number.isFinite(value) || value <= 0) continue;
    // "十九届", "一二九" etc. are not enumerators: the cn pattern requires 、/. right after.
    return { kind: p.kind, label: p.label(m), value, length: m[0].length };
  }
  return null;
}
