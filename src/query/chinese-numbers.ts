const DIGIT: Record<string, number> = {
  '〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};

/** "9" / "九" / "十" / "十二" / "二十三" → number; undefined for anything else. Enough for months and quarters. */
export function parseSmallNumber(s: string): number | undefined {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([〇零一二三四五六七八九])?$/.exec(s);
  if (!m || !s) return undefined;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? DIGIT[tens] : ones && !tens ? DIGIT[ones] : undefined;
  return (tens ? DIGIT[tens]! : 1) * 10 + (ones ? DIGIT[ones]! : 0);
}

/** A month number written in digits or Chinese (longest alternatives first so 十二 is not read as 十). */
export const MONTH_NUMBER = '(?:1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九])';
