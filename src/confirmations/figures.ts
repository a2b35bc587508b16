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

// Money as people write it without 元: "3万块", "8500块钱", "¥8,500", "经费8.5万", "花了3000". Counted in 元. (块 followed by
// another word is a count: 3块奖牌.)
const MONEY_WORDS = '经费|费用|金额|资金|花了|花费|支出|开支|慰问金|补助金?|补贴|拨付|拨款|投入|用款';
const MONEY = new RegExp([
  `[¥￥]\\s*(${NUMBER})`,
  `(?<![A-Za-z0-9.])(${NUMBER})\\s*(?:余|多)?\\s*(?:块钱|块(?![\\u4e00-\\u9fa5]))`,
  `(?:${MONEY_WORDS})\\s*[:：]?\\s*(?:约|共|共计|合计|了)?\\s*(${NUMBER})(?![\\d.]|,\\d)\\s*(?:余|多)?(?=$|[\\s，,。；;、！!）)]|左右)`,
].join('|'), 'g');

/** The figures of a reply, in the order written: "慰问120人，发放1.5万元，3场" → 120 人, 15000 元, 3 场. */
export function extractFigures(text: string): Figure[] {
  const t = text.normalize('NFKC');
  return totalsOnly(t, figuresWritten(t)).map(({ value, unit, text: written }) => ({ value, unit, text: written }));
}

/** A figure where it stands in a text: `at`–`end` (see unitWritten), and `numberAt`–`numberEnd` its number alone. */
export interface WrittenFigure extends Figure {
  at: number;
  end: number;
  numberAt: number;
  numberEnd: number;
  /** `at`–`end` is the number and its unit (120人, 三百余人); money found by its words (3万块, 经费8.5万) is the number alone. */
  unitWritten: boolean;
}

/**
 * Every figure of a text, where it stands, parts and amounts per item included (a correction replaces one of them
 * in place). The text is read as given: callers fold full-width digits first (fold() keeps positions; NFKC does not).
 */
export function figuresWritten(t: string): WrittenFigure[] {
  const found: WrittenFigure[] = [];
  for (const m of t.matchAll(FIGURE)) {
    const value = readNumber(m[1]!);
    // A Chinese number word inside an ordinary word (一个, 一次) is no figure; only 2+ or a real count is kept.
    if (value === undefined || !Number.isFinite(value)) continue;
    if (!/\d/.test(m[1]!) && value < 2 && !/[十百千万]/.test(m[1]!)) continue;
    found.push({ value, unit: m[2]!, text: m[0].replace(/\s+/g, ''), at: m.index, end: m.index + m[0].length,
      numberAt: m.index, numberEnd: m.index + m[1]!.length, unitWritten: true });
  }
  for (const m of t.matchAll(MONEY)) {
    const number = m[1] ?? m[2] ?? m[3]!;
    const value = readNumber(number);
    if (value === undefined || !Number.isFinite(value) || value <= 0) continue;
    const at = m.index + m[0].indexOf(number);
    if (found.some((f) => at < f.end && at + number.length > f.at)) continue; // "¥8,500元": read once
    // As written where the words say money (3万块, ¥8,500); a bare amount after 经费 is shown with its unit.
    const written = m[3] !== undefined ? `${number}元` : m[0].replace(/\s+/g, '');
    found.push({ value, unit: '元', text: written, at, end: at + number.length, numberAt: at, numberEnd: at + number.length,
      unitWritten: false });
  }
  return found.sort((a, b) => a.at - b.at);
}

// Read on the words of the clause just before a figure. "第二期": an ordinal. "每期60人", "人均费用500元": per item, not
// done in all. "比去年多50人": a change. "合计120人", "共慰问200人": the total of its unit.
const CLAUSE = /[，,；;。\n、！!]/;
const ORDINAL = /第\s*$/;
const PER_ITEM = /(?:每|人均|户均|场均|平均)[^\d]{0,4}$/;
const CHANGE = /(?:比|较|同比|环比)[^\d]{0,8}?(?:多|少|增加|减少|增长|下降|提高)了?\s*(?:约|近)?\s*$/;
const TOTAL = /(?:合计|共计|总计|总共|一共|累计|共)[^\d]{0,4}$/;
// "托管120人，其中双职工子女80人": a part of a figure said before it, in the same sentence.
const AMONG = /其中/g;
const SENTENCE = /[；;。\n]/;

/**
 * The figures that add up into the year-end sums: no ordinals, amounts per item or changes; no part of a figure
 * already given (其中…); and where a total of a unit is given (合计120人), not the figures it sums (每期60人, 一期60人).
 */
function totalsOnly<F extends Figure & { at: number }>(t: string, found: F[]): F[] {
  const clause = (f: F) => t.slice(0, f.at).split(CLAUSE).pop()!;
  const among = [...t.matchAll(AMONG)].map((m) => m.index);
  const kept: F[] = [];
  for (const f of found) {
    const words = clause(f);
    if (ORDINAL.test(words) || PER_ITEM.test(words) || CHANGE.test(words)) continue;
    const part = among.some((at) => at < f.at && !SENTENCE.test(t.slice(at, f.at))
      && kept.some((k) => k.unit === f.unit && k.at < at));
    if (!part) kept.push(f);
  }
  const totals = new Set(kept.filter((f) => TOTAL.test(clause(f))));
  return kept.filter((f) => totals.has(f) || ![...totals].some((x) => x.unit === f.unit));
}

// Words around what a figure counts that say nothing of what it is: "已完成慰问了120人", "另拨", "合计", "约", "达".
const THING_LEAD = /^(?:已经|已|均已|都已|都|另外|另有|另|还|再|补充|本次|此次|完成了?|办结|落实|共计|合计|总计|累计|一共|总共|共)+/;
const THING_TAIL = /(?:共计|合计|总计|累计|一共|总共|共有|共|约|近|达到|达|超过|逾|了|计|为|有|各)+$/;

/**
 * What a figure counts: the Chinese words just before it, without words of completion or totals ("慰问困难职工35户" →
 * 慰问困难职工, "参保1,250人" → 参保, "参加人数三百余人" → 参加人数); undefined when nothing says ("合计120人", "、500元").
 * `at` is where the figure's number starts in `text`.
 */
export function countedThing(text: string, at: number): string | undefined {
  const run = /\p{Script=Han}*$/u.exec(text.slice(Math.max(0, at - 24), at))![0];
  const thing = run.replace(THING_LEAD, '').replace(THING_TAIL, '');
  return thing || undefined;
}

/**
 * What each figure counts, read from the note it was reported in (figures are stored as value, unit and the words
 * written, and the note keeps those words): undefined for a figure the note does not show as written.
 */
export function countedThings(note: string | null, figures: Figure[]): (string | undefined)[] {
  const text = (note ?? '').normalize('NFKC');
  let from = 0;
  return figures.map((f) => {
    const at = text.indexOf(f.text, from);
    if (at < 0) return undefined;
    from = at + f.text.length;
    return countedThing(text, at);
  });
}
