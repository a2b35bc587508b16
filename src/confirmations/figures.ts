/** A number with its unit, pulled from a confirmation for the year-end summary: 慰问120人 → {120, 人}. */
export interface Figure {
  value: number;
  unit: string;
  /** The figure as written ("1.5万元", "三场"). */
  text: string;
}

// Longest first, so 人次 wins over 人 and 万元 over 元. Month, day and hour words are not units of work
// done: "7月31日前" is a date, not a figure.
const UNITS = [
  '万人次', '人次', '万人', '万元', '千元', '元', '人', '名', '场', '次', '个', '项', '家', '户', '份', '期', '批', '支',
  '篇', '件', '套', '所', '条', '张', '册', '本', '队', '组', '课时', '小时', '天',
].sort((a, b) => b.length - a.length);

const CHINESE_NUMBER = '[零〇一二两三四五六七八九十百千]+';
const FIGURE = new RegExp(
  `(?<![A-Za-z0-9.])(\\d+(?:\\.\\d+)?|${CHINESE_NUMBER})\\s*(${UNITS.join('|')})`, 'g',
);

const DIGIT: Record<string, number> = {
  '零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};
const SCALE: Record<string, number> = { '十': 10, '百': 100, '千': 1000 };

/** "一百二十" → 120, "十五" → 15, "两" → 2; undefined for anything it cannot read. */
export function chineseNumber(s: string): number | undefined {
  let total = 0;
  let digit: number | undefined;
  for (const ch of s) {
    if (ch in DIGIT) {
      if (digit !== undefined && digit !== 0) return undefined; // 一二 is not a number
      digit = DIGIT[ch]!;
    } else if (ch in SCALE) {
      total += (digit ?? 1) * SCALE[ch]!;
      digit = undefined;
    } else return undefined;
  }
  return total + (digit ?? 0);
}

/** The figures of a reply, in the order written: "慰问120人，发放1.5万元，3场" → 120 人, 1.5 万元, 3 场. */
export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.normalize('NFKC').matchAll(FIGURE)) {
    const value = /^\d/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
    // A Chinese number word inside an ordinary word (一个, 一次) is no figure; only 2+ or a real count is kept.
    if (value === undefined || !Number.isFinite(value)) continue;
    if (!/^\d/.test(m[1]!) && value < 2 && !/[十百千]/.test(m[1]!)) continue;
    out.push({ value, unit: m[2]!, text: m[0].replace(/\s+/g, '') });
  }
  return out;
}
