import { isoDay, weekday, type IsoDay } from './days.js';

/** One day of a year's official schedule: a day off (holiday) or a make-up workday (调休上班), with its festival. */
export interface NoticeDay { day: IsoDay; kind: 'holiday' | 'workday'; name: string }

export interface HolidayNotice { year: number; days: NoticeDay[] }

/** Why a notice could not be read, in Chinese for the admin. */
export class HolidayNoticeError extends Error {}

const WEEKDAYS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/** Full-width digits and punctuation as the notice may be pasted from a web page or a Word file. */
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：').replace(/[~～—－-]+(?=\d)/g, '至')
    .replace(/\r\n?/g, '\n');
}

/** "…YYYY年…节假日安排…" in the title, else the only four-digit year written with 年. */
function noticeYear(text: string, year?: number): number {
  if (year !== undefined) return year;
  const titled = /(\d{4})\s*年\s*(?:部分)?节假日/.exec(text);
  if (titled) return Number(titled[1]);
  const years = new Set([...text.matchAll(/(\d{4})\s*年/g)].map((m) => Number(m[1])));
  if (years.size === 1) return [...years][0]!;
  throw new HolidayNoticeError('没有从通知中看出是哪一年的安排：请保留通知标题（如“国务院办公厅关于2027年部分节假日安排的通知”），或用 --year 指明年份。');
}

/** One date as written: "[2022年]12月31日[（周六）]", or only "6日" after a month named earlier in the sentence. */
const DATE = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*（([^）]*)）)?/g;

interface WrittenDate { day: IsoDay; note?: string; index: number; end: number }

function datesIn(sentence: string, year: number, label: string): WrittenDate[] {
  const out: WrittenDate[] = [];
  let month: number | undefined;
  let y = year;
  for (const m of sentence.matchAll(DATE)) {
    if (m[1]) y = Number(m[1]);
    if (m[2]) month = Number(m[2]);
    if (month === undefined) continue;
    // A range that runs into the next year ("12月31日至1月2日" under 元旦) keeps counting from the year before.
    const prev = out.at(-1);
    let day = isoDay(y, month, Number(m[3]));
    if (prev && !m[1] && day < prev.day) {
      y += 1;
      day = isoDay(y, month, Number(m[3]));
    }
    if (!isRealDay(day)) throw new HolidayNoticeError(`${label}中的 ${m[0]} 不是有效的日期，请检查通知文字。`);
    out.push({ day, note: m[4], index: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

function isRealDay(day: IsoDay): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** "（周二）", "（农历除夕、周二）", "（星期日）": the weekday it names must be the date's, else the year is wrong. */
function checkWeekday(d: WrittenDate, label: string): void {
  const named = /(?:周|星期)([一二三四五六日天])/.exec(d.note ?? '');
  if (!named) return;
  const want = WEEKDAYS[named[1]!]!;
  if (weekday(d.day) !== want) {
    const actual = Object.entries(WEEKDAYS).find(([, n]) => n === weekday(d.day))![0];
    throw new HolidayNoticeError(`${label}中 ${d.day} 注明是周${named[1]}，但这一天是周${actual}：请确认通知的年份（或 --year）是否正确。`);
  }
}

function* span(from: IsoDay, to: IsoDay): Generator<IsoDay> {
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    yield d.toISOString().slice(0, 10);
  }
}

/**
 * Reads the State Council's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知) as published, item by item:
 * "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"
 * Days off come from the sentence that says 放假 (one date, or a range with 至), make-up workdays from the one that
 * says 上班. Each weekday the notice names is checked against the date, and each "共N天" against the range, so a
 * wrong year or a misread line is refused instead of stored.
 */
export function parseHolidayNotice(raw: string, opts: { year?: number } = {}): HolidayNotice {
  const text = normalise(raw);
  // Items start a line, or follow a full stop when the notice was pasted as one paragraph (not "腊月二十八、周日").
  const heads = text.split(/\n|(?<=。)(?=\s*[一二三四五六七八九十]{1,2}、)/)
    .map((s) => /^(?:[一二三四五六七八九十]{1,2}、)?\s*([^：。，,]{1,12}?)\s*：(.*)$/.exec(s.trim()))
    .filter((h): h is RegExpExecArray => !!h && /放假|上班/.test(h[2]!));
  if (heads.length === 0) {
    throw new HolidayNoticeError('没有在文件中找到放假安排。请把国务院办公厅放假通知的正文（“一、元旦：…放假…”各条）原样复制到 .txt 文件后再导入。');
  }
  const year = noticeYear(text, opts.year);
  const days = new Map<IsoDay, NoticeDay>();
  for (const head of heads) {
    const name = head[1]!.replace(/\s+/g, '');
    const label = `“${name}”一条`;
    for (const sentence of head[2]!.split(/[。；;]/)) {
      if (/放假/.test(sentence)) {
        const before = sentence.slice(0, sentence.indexOf('放假'));
        const dates = datesIn(before, year, label);
        if (dates.length === 0) throw new HolidayNoticeError(`${label}中没有找到放假的日期，请检查通知文字。`);
        dates.forEach((d) => checkWeekday(d, label));
        const from = dates[0]!.day;
        const ranged = dates.length > 1 && /至/.test(before.slice(dates[0]!.end, dates[1]!.index));
        const to = ranged ? dates[1]!.day : from;
        const all = [...span(from, to)];
        const total = /共\s*(\d{1,2})\s*天/.exec(sentence) ?? /放假\s*(\d{1,2})\s*天/.exec(sentence);
        if (total && Number(total[1]) !== all.length) {
          throw new HolidayNoticeError(`${label}写明共 ${total[1]} 天，但 ${from} 至 ${to} 是 ${all.length} 天，请检查通知文字。`);
        }
        for (const day of all) days.set(day, { day, kind: 'holiday', name });
      } else if (/上班/.test(sentence)) {
        const dates = datesIn(sentence.slice(0, sentence.lastIndexOf('上班')), year, label);
        dates.forEach((d) => checkWeekday(d, label));
        for (const { day } of dates) days.set(day, { day, kind: 'workday', name });
      }
    }
  }
  return { year, days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)) };
}
