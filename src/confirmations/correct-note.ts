import { extractFigures, figuresWritten, readNumber, type Figure, type WrittenFigure } from './figures.js';
import { fold, parseReply } from './parse-reply.js';

/** A new value given alone ("130", "130人", "一百三十人"), with its unit when one is written. */
export interface NewNumber {
  value: number;
  unit: string | null;
  /** As written ("130人"), and its number alone ("130"). */
  text: string;
  numberText: string;
}

const TOTAL_WORDS = /^(?:约|共|共计|合计|总计|一共|总共|实际)\s*/;

/** The wording of a correction when it is only a number, with or without its unit; null for anything more. */
export function numberOnly(wording: string): NewNumber | null {
  const w = fold(wording).replace(TOTAL_WORDS, '').trim();
  const found = figuresWritten(w);
  const [f] = found;
  if (found.length === 1 && f!.unitWritten && f!.at === 0 && f!.end === w.length) {
    return { value: f!.value, unit: f!.unit, text: w, numberText: w.slice(f!.numberAt, f!.numberEnd) };
  }
  if (!/^(?:\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万])[\d.,零〇一二两三四五六七八九十百千万]*$/.test(w)) return null;
  const value = readNumber(w);
  return value === undefined || !Number.isFinite(value) ? null : { value, unit: null, text: w, numberText: w };
}

// What a subject names, as the units of the figures it is about: "人数改为130" is about 人 (or 名, 人次).
const FIELD_UNITS: [RegExp, string[]][] = [
  [/人次/, ['人次']], [/人数|人员|名额|人头/, ['人', '名', '人次']], [/金额|经费|费用|资金|价值|价款|款|钱/, ['元']],
  [/场次|场数/, ['场', '次']], [/次数/, ['次', '人次']], [/户数/, ['户']], [/份数/, ['份']], [/个数/, ['个']],
  [/项数/, ['项']], [/家数/, ['家']], [/期数/, ['期']], [/批次|批数/, ['批']],
];

/** The units a subject's words name ("托管人数" → 人, 名, 人次), or null when it names none. */
export function unitsNamed(subject: string): string[] | null {
  const hit = FIELD_UNITS.find(([re]) => re.test(subject));
  return hit ? hit[1] : null;
}

/** 人 and 名 count the same people. */
const sameUnit = (a: string, b: string) => a === b || (['人', '名'].includes(a) && ['人', '名'].includes(b));

/** The numbers a subject names as the old value ("120人改为130人", "托管120改为130"); not months or days. */
function oldValues(subject: string): number[] {
  const s = fold(subject);
  const written = figuresWritten(s).map((f) => f.value);
  const bare = [...s.matchAll(/(?<![\d.])\d+(?:\.\d+)?(?![\d.]|\s*[月日号])/g)].map((m) => Number(m[0]));
  return [...new Set([...written, ...bare])];
}

export type NumberCorrected =
  | { kind: 'note'; note: string }
  /** No single figure to replace: `figures` are the ones it could be (or every figure of the note, or none). */
  | { kind: 'unclear'; figures: WrittenFigure[] };

/**
 * The note with one figure replaced by a new number, keeping the rest of its words: the figure the subject names
 * ("120人改为…"); else the one of the new number's unit (or the note's only figure); else, for a number without a
 * unit, the one of the unit the subject names ("人数"), or the only figure. Anything else is unclear.
 */
export function withNumberReplaced(note: string | null, n: NewNumber, subject: string): NumberCorrected {
  const text = note === null ? '' : fold(note);
  const all = figuresWritten(text);
  const was = oldValues(subject);
  const units = unitsNamed(subject);
  let pool: WrittenFigure[];
  if (was.length) pool = all.filter((f) => was.includes(f.value));
  else if (n.unit) {
    pool = all.filter((f) => sameUnit(f.unit, n.unit!));
    if (!pool.length && all.length === 1 && (!units || units.includes(all[0]!.unit))) pool = all;
  } else pool = units ? all.filter((f) => units.includes(f.unit)) : all;
  if (pool.length !== 1) return { kind: 'unclear', figures: pool.length ? pool : all };
  return { kind: 'note', note: replaced(text, pool[0]!, n) };
}

/** The text with one figure replaced: with its unit when the new number has one, else the number alone (130余人). */
export function replaced(text: string, f: WrittenFigure, n: NewNumber): string {
  return n.unit && f.unitWritten
    ? `${text.slice(0, f.at)}${n.text}${text.slice(f.end)}`
    : `${text.slice(0, f.numberAt)}${n.numberText}${text.slice(f.numberEnd)}`;
}

/**
 * The figures a confirmation with this note keeps, read as a report of it would read them ("完成 <note>"): what is
 * still to come ("还有30人下周托管") is not counted, as when it was first reported.
 */
export function figuresOfNote(note: string | null): Figure[] {
  if (!note) return [];
  return [...parseReply(`完成 ${note}`)?.figures ?? extractFigures(note)];
}
