/** A number with its unit, pulled from a confirmation for the year-end summary: 慰问120人 → {120, 人}. */
export interface Figure {
  value: number;
  unit: string;
  /** The figure as written ("1.5万元", "三场"). */
  text: string;
}

// Longest first, so 人次 wins over 人. Month, day and hour words are not units of work done: "7月31日前" is a
// date, not a figure. 万 and 千 belong to the number (5万元 is 50000 元), so the year-end sums add up per unit.
const UNITS = [
  '人次', '元', '人', '名', '场', '次', '个', '项', '家', '户', '份', '期', '批', '支',
  '篇', '件', '套', '所', '条', '张', '册', '本', '队', '组', '课时', '小时', '天',
].sort((a, b) => b.length - a.length);

// 120, 1,250, 1.5万, 3万5千, 七万五千, 一百二十; then 余 / 多 (120余人), then the unit.
const ARABIC = '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?';
// Begins with a digit or a numeral (not a bare 万: 万人健步走 is no figure).
const NUMBER = `(?:${ARABIC}|[零〇一二两三四五六七八九十])(?:${ARABIC}|[零〇一二两三四五六七八九十百千万])*`;
const FIGURE = new RegExp(`(?<![A-Za-z0-9.])(${NUMBER})\\s*(?:余|多)?\\s*(${UNITS.join('|')})`, 'g');

const DIGIT: Record<string, number> = {
  '零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};
const SCALE: Record<string, number> = { '十': 10, '百': 100, '千': 1000 };

/**
 * A number written with digits, Chinese numerals or both: "一百二十" → 120, "十五" → 15, "两" → 2, "1,250" →
 * 1250, "1.5万" → 15000, "3万5千" / "七万五千" → 35000 / 75000; undefined for anything it cannot read (一二).
 */
export function readNumber(s: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const [, arabic, chinese, scale] of s.matchAll(/(\d[\d,]*(?:\.\d+)?)|([零〇一二两三四五六七八九])|([十百千万])|./g)) {
    if (arabic !== undefined || chinese !== undefined) {
      if (digit !== undefined && digit !== 0) return undefined; // 一二 is not a number
      digit = arabic !== undefined ? Number(arabic.replace(/,/g, '')) : DIGIT[chinese!]!;
    } else if (scale === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = undefined;
    } else if (scale !== undefined) {
      section += (digit ?? 1) * SCALE[scale]!;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/** The figures of a reply, in the order written: "慰问120人，发放1.5万元，3场" → 120 人, 15000 元, 3 场. */
export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.normalize('NFKC').matchAll(FIGURE)) {
    const value = readNumber(m[1]!);
    // A Chinese number word inside an ordinary word (一个, 一次) is no figure; only 2+ or a real count is kept.
    if (value === undefined || !Number.isFinite(value)) continue;
    if (!/\d/.test(m[1]!) && value < 2 && !/[十百千万]/.test(m[1]!)) continue;
    out.push({ value, unit: m[2]!, text: m[0].replace(/\s+/g, '') });
  }
  return out;
}
