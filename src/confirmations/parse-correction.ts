import { codesIn, fold, parseReply, promisesLater, replyNote, saysNotDone, withoutDisowned, withoutFiller, type ParsedReply } from './parse-reply.js';
import { TASK_CODE_PATTERN } from '../plan-import/task-codes.js';
import { figuresWritten } from './figures.js';

/** A message read as a correction of what was recorded for a task ("V4W5 人数改为130", "更正：V4W5 托管130人"). */
export interface Correction {
  kind: 'correct';
  /** Codes of the task corrected: before the correction words, or after 更正 when none stands before. */
  codes: string[];
  /** Codes given as the new value ("V4W5 写错了，应该是J5D8"): the code was wrong, not the note. */
  newCodes: string[];
  /** Codes of the quoted message (the bot's 已记录 answer, a reminder) and whether there is a quote at all. */
  quotedCodes: string[];
  quoted: boolean;
  /** What is said to be wrong, before the correction words: "人数", "托管班人数", "120人", a department, a month. */
  subject: string;
  /** The new wording without codes, correction and status words, or courtesies; '' when none is given ("V4W5 写错了"). */
  wording: string;
  /** The wording is a new value for the subject (改为, 应为), not the whole new note (更正：…). */
  assigned: boolean;
  /** Several values are changed at once ("人数改为130，金额改为2万元"): only the whole new note can say that. */
  several: boolean;
  /** The new wording says the work is only partly done, or not done yet: a matter of status, not of the note. */
  status: 'partial' | 'not-done' | null;
}

/** "V4W5 写错了怎么改", "如何更正": asked how to correct. */
export interface CorrectionHow { kind: 'how'; codes: string[] }

// Words saying a message corrects what was recorded: "写错了", "人数有误", "更正：…" (not "没错了", "不错了").
const MARKER = /(?:刚才|刚刚|之前|前面|上条|上面)?的?(?:写|填|报|说|发|搞|弄|打|记|录|输)错了?|(?<![没不])错了|有误|更正|纠正|订正/g;
// Words putting a new value in place of the old one: "人数改为130", "应为130人", "应该是130", "实际是130人".
const ASSIGN = /(?:修改|更改|更正|调整|修正|订正|纠正|改)(?:为|成)了?|应该?(?:是|为)|应当(?:是|为)|实际上?(?:是|为|应为)|实为/g;
const CORRECTION_WORDS = new RegExp(`${ASSIGN.source}|${MARKER.source}`);
const QUESTION = /[?？]|吗|呢|么$|是否|是不是|有没有|能不能|可不可以|怎么|如何|怎样|咋|几[月号时天]|多少|哪|什么/;
const HOW = /怎么|如何|怎样|咋/;
const PUNCTUATION = /^[\s,，.。;；:：!！、~～—\-]+|[\s,，.。;；:：!！、~～—\-]+$/g;
// Words of a subject that only lead up to the correction: "刚才的", "这个", "数据".
const LEAD = /刚才|刚刚|之前|前面|上条|上面|这个|那个|这条|那条|数据|数字|的/g;
// Status words in a subject ("V4W5已完成，地点改为…"): how the work stands, not what is corrected.
const STATUS = /(?:已经?)?(?:全部|顺利)?(?:完成|办结|落实|报送|上报)了?/g;

const trim = (s: string) => s.replace(PUNCTUATION, '');

// "V4W5 不是120人，是130人", "不是120人而是130人": a figure said to be wrong and the right one, without a correction word.
const NOT_BUT_IS = /不是\s*([^，,。；;\s]{1,12}?)\s*[，,]?\s*(?:而|应该|应)?是\s*/;

/** The message with "不是 X，是 Y" written as "X 应为 Y" when X is a figure (120人); "不是V4W5，是J5D8" is left as it is. */
function figureSaidWrong(t: string): string {
  const m = NOT_BUT_IS.exec(t);
  if (!m || !figuresWritten(m[1]!).length) return t;
  return `${t.slice(0, m.index)}${m[1]}应为${t.slice(m.index + m[0].length)}`;
}
const withoutCodes = (s: string) => s.replace(new RegExp(TASK_CODE_PATTERN.source, 'g'), ' ');
const markersOut = (s: string) => s.replace(MARKER, ' ');

/** The message without its correction words ("更正：V4W5 已完成 …" read as the report it also is). */
export const withoutCorrectionWords = (text: string) => trim(markersOut(fold(text)));

/**
 * Reads a message as a correction of a recorded confirmation: correction words (更正, 改为, 应为, 写错了, 有误 …) and
 * what they correct. Null when there are none, for a question, for "不是V4W5" (a report naming the right task: see
 * withoutDisowned) and for an undo ("写错了，撤销 V4W5"), which confirm.ts answers. Pure: which task and which
 * confirmation are found by the command.
 */
export function parseCorrection(text: string, quotedText?: string): Correction | CorrectionHow | null {
  // The correction words are Chinese, which fold() leaves alone: a message without them is no correction.
  if (!CORRECTION_WORDS.test(text) && !text.includes('不是')) return null;
  const t = figureSaidWrong(fold(text).trim());
  const assigns = [...t.matchAll(ASSIGN)];
  const markers = [...t.matchAll(MARKER)];
  if (!assigns.length && !markers.length) return null;
  if (QUESTION.test(t)) return HOW.test(t) ? { kind: 'how', codes: codesIn(t) } : null;
  if (withoutDisowned(t).disowned.length) return null;
  if (parseReply(markersOut(t), quotedText)?.action === 'undo') return null;

  let cut: number;
  let raw: string;
  let subject: string;
  const assign = assigns[0];
  if (assign) {
    cut = assign.index;
    raw = t.slice(cut + assign[0].length);
    subject = t.slice(0, cut);
  } else {
    const first = markers[0]!;
    const last = markers[markers.length - 1]!;
    const after = t.slice(last.index + last[0].length);
    const before = t.slice(0, first.index);
    // "V4W5 托管130人，刚才写错了": the new words come first. "V4W5 人数写错了": the words before say what is wrong.
    const lateWords = !/[\p{L}\p{N}]/u.test(withoutCodes(after)) && figuresWritten(before).length > 0;
    cut = lateWords ? 0 : first.index;
    raw = lateWords ? before : after;
    subject = lateWords ? '' : before;
  }
  const codesBefore = codesIn(t.slice(0, cut));
  const codesAfter = codesIn(raw);
  // "V4W5 人数改为140，J5D8 人数改为80": corrections of several tasks, not a new code for one.
  const several = assigns.length > 1;
  const leading = assign || codesBefore.length;
  const codes = several ? codesIn(t) : leading ? codesBefore : codesAfter;
  const newCodes = several || !leading ? [] : codesAfter;
  const quoted = quotedText !== undefined;
  const read = wordingOf(raw);
  // "V4W5应该是完成了": a hedged report, not a correction (confirm reads it, or does not).
  if (assign && !markers.length && !read.wording && !read.status && !newCodes.length) return null;
  const cleanSubject = trim(markersOut(withoutCodes(subject)).replace(STATUS, ' ').replace(LEAD, ' ').replace(/\s+/g, ' '));
  // Nothing says which task (no code, no quote, no words before the correction), or what follows is only a plan
  // ("大家应该是月底前完成"): not a correction.
  const named = codes.length || newCodes.length || quoted;
  if (!named && (read.status === 'not-done' || (!cleanSubject && !read.wording))) return null;
  return {
    kind: 'correct', codes, newCodes, quotedCodes: quoted ? recordedCodes(quotedText) : [], quoted,
    subject: cleanSubject, wording: read.wording, assigned: !!assign, several, status: read.status,
  };
}

// The bot's own answer to a confirmation: "已记录：机关工会 完成 V4W5 …", "已更正：…" (its other lines list other work).
const RECORDED = /^\s*已(?:记录|更新|补充|更正)/;

/** The codes of a quoted message: those the bot's answer says it recorded, else all of them (a reminder's). */
function recordedCodes(quoted: string): string[] {
  const lines = fold(quoted).split('\n').filter((l) => RECORDED.test(l));
  const recorded = codesIn(lines.join('\n'));
  return recorded.length ? recorded : codesIn(fold(quoted));
}

/** The new wording: codes, correction and status words and courtesies left out ("已完成，托管130人" → 托管130人). */
function wordingOf(raw: string): { wording: string; status: Correction['status'] } {
  const w = trim(markersOut(withoutCodes(raw)).replace(/^\s*[是为]\s*/, '').replace(/\s+/g, ' '));
  if (!w) return { wording: '', status: null };
  const r = parseReply(w);
  if (r && (r.action === 'done' || r.action === 'partial')) {
    return { wording: withoutFiller(replyNote(r, false)) ?? '', status: r.action === 'partial' ? 'partial' : null };
  }
  const said: ParsedReply = { action: 'done', codes: [], quotedCodes: [], quoted: false, before: '', after: w, figures: [], all: false };
  const wording = withoutFiller(replyNote(said, true)) ?? '';
  return { wording, status: wording && (saysNotDone(wording) || promisesLater(wording)) ? 'not-done' : null };
}
