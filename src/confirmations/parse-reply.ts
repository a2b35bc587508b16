import { TASK_CODE_PATTERN, normaliseCode } from '../plan-import/task-codes.js';
import { extractFigures, type Figure } from './figures.js';

/** What a reply asks to record: done, partial progress, undo; or only an acknowledgement (收到). */
export type ReplyAction = 'done' | 'partial' | 'undo' | 'ack';

/** A reply read as a confirmation, before it is tied to tasks and a department. */
export interface ParsedReply {
  readonly action: ReplyAction;
  /** Task codes written in the reply itself. */
  readonly codes: readonly string[];
  /** Task codes in the quoted message (a reminder the user replied to). */
  readonly quotedCodes: readonly string[];
  /** The user replied to a message (WeCom quote / DingTalk repliedMsg), even one without readable text. */
  readonly quoted: boolean;
  /** The words before the status phrase, codes removed: what a reply without a code names (送清凉). */
  readonly before: string;
  /** The words after it. */
  readonly after: string;
  readonly figures: readonly Figure[];
  /** The reply speaks of all the tasks it is about ("都已完成", "全部完成", "三项均已完成"). */
  readonly all: boolean;
}

const ALL = /都|全部|全都|均|所有|以上|上述|各项|[两二三四五六七八九十\d]项/;

// Order matters: undo and partial are tested before done, as 部分完成 contains 完成.
const UNDO = /撤销|撤消|撤回|取消确认|取消完成|取消登记/;
const PARTIAL = /部[分份]完成|完成了?一部[分份]|完成部[分份]|(?:发|送|发放)了?(?:一部[分份]|一半|大半)|部[分份][\u4e00-\u9fa5]{0,3}完毕|完成了?(?:\d+(?:\.\d+)?%|一半|大半|大部分|过半)|(?:未|没有?|尚未)全部完成|正在推进|推进中|进行中|正在进行|正在办理|办理中|正在落实|落实中|正在开展|已启动|已经启动|还在做|正在做|在弄|在办/;
const NEGATED = /(?:未|没有?)(?:全部)?[\u4e00-\u9fa5]{0,3}完毕|(?:未|没有?|尚未|还没有?|还未|不能|无法|难以|不|别)(?:能|按时|如期|全部)?(?:完成|办结|落实|报送|上报|搞定|办完|做完)|(?:完成|办结|落实|报送|上报|搞定|办完|做完)不了/;
const DONE = new RegExp([
  '已经?(?:全部|顺利)?(?:完成|办结|落实|报送|上报|办理完毕|办完|做完|结束)了?',
  '(?:完成|办结|落实|报送|上报|搞定|办完|做完|弄完|搞完|干完|办好|弄好|搞好|发好|交好|报好)了', '搞定', '(?:全部|顺利|圆满)完成', '办理完毕',
  '^完成', '完成$', '完成(?=[，,。；;!！\\s])', '完成[啦喽咯]',
  // "发放完毕", "已实施完毕" (not "准备完毕", "筹备完毕": getting ready is not the work).
  '(?<=[\\u4e00-\\u9fa5])(?<!准备|筹备)完毕',
  // "报上去了", "发完了", "托管班圆满结束", "ok了" (a lone ✅ after a code: see parseReply).
  '(?:报|交|发|送|寄|上报|报送)(?:上去|出去|下去|完)了', '(?:圆满|顺利|已经?)结束了?|结束了', '(?:ok|OK|Ok)了',
  // Handing out is the work of many tasks (慰问品, 慰问金): "慰问品已发放", "已经发了", "都发下去了" (not "已报名").
  '已经?(?:发放|发出|下发|送达)', '(?<!通知|文件)已经?(?:发|送|寄|交|报)了', '(?<!通知|文件)已经?(?:发|送|寄|交)$',
  // "国庆慰问品发了", "慰问金都发下去了": what was handed out, named just before (not "通知发了吗").
  '(?<=[品金资物卡券])(?:都|也)?(?:发|送|寄)(?:下去|出去|到位)?了(?![吗没么吧])',
  // "健步走完了", "慰问完了" (not "完了吗", "用完了没"), "Q5C9办结", "办理完毕".
  '(?<=[\\u4e00-\\u9fa5])完了(?![吗没么吧])', '办结',
].join('|'));
// Not done yet, said as a plan or a remaining gap ("还没有弄好，下周完成", "计划下周完成", "还差一点就完成了",
// "即将完成", "预计月底前报送"): no confirmation, unless the message also says some of it is done (then partial).
const VERB = '(?:完成|办结|落实|报送|上报|搞定|办完|做完|弄好|做好|办好|弄完|搞完)';
const NOT_YET_NOW = ['(?:还|尚)(?:没有?|未)', '没有?(?:弄|做|搞|办)(?:好|完)', '还差', '差一点', '还有\\d+|还剩|剩下的?|剩余'];
/** Said to be done later: planned, promised, put off, by a day to come, almost. */
const LATER_PARTS = [
  // A plan: "计划下周完成", "预计月底前报送" (not "按原计划完成", "疗休养计划完成").
  `(?<![按照依年原])计划(?:于|在|将|要|下周|下星期|下个?月|明天|后天|月底|年底|本周|这周|\\d{1,2}月|[一二三四五六七八九十]{1,2}月)[^，。,.；;！!已]{0,8}?${VERB}(?!了)`,
  `(?:预计|准备(?!工作)|打算|争取|力争|将于|将要)[^，。,.；;！!已]{0,8}?${VERB}(?!了)`,
  // A promise: "保证按时完成", "一定完成"; "能按时完成", "我们会完成" (not "职代会完成", "按时完成").
  `(?<![已经])(?:保证|确保|一定|努力|尽力|马上|立即|随后)[^，。,.；;！!已]{0,4}?${VERB}(?!了)`,
  `(?:^|[，,。；;!！\\s]|我们?|我处|我部|咱们|也|都|肯定|应该|就)(?:能|会|将|要|可以)(?:按时|如期|全部|尽快)?${VERB}(?!了)`,
  // Put off: "延期到8月完成", "推迟报送".
  '延期|推迟|延后|顺延',
  // By a day still to come: "7月20日前完成", "月内完成", "下班前完成", "这两天完成".
  `(?:\\d{1,2}[日号]|下班|今天|今日|[月年])(?:前|内|之内|以前)${VERB}(?!了)`, `这两天${VERB}(?!了)`,
  // "快完成了", "就要完成了": almost, with or without 了.
  `(?:即将|就要|快要|(?<![很尽])快)${VERB}`,
  `(?<![已于上])(?:下周|下星期|下个?月|明天|后天|月底|年底|稍后|过几天|过两天|本周内?|这周内?|周[一二三四五六日末])(?:前|之前|以前)?(?:再|就|能|会|可|可以|将|争取)?${VERB}(?!了)`,
  // Spoken, a day to come takes 就…了 all the same: "下周就完成了", "明天就弄好了" (not "6月底就完成了", "上个月就搞完了").
  `(?<![已于上\\d一二三四五六七八九十])(?:下周|下星期|下个?月|明天|后天|明年|月底|年底|过几天|过两天)(?:前|之前|以前)?就(?:能|会|可以?)?${VERB}`,
];
const NOT_YET = new RegExp([...NOT_YET_NOW, ...LATER_PARTS].join('|'));
const LATER = new RegExp(LATER_PARTS.join('|'));
/** An explicit report that (some of) the work is done, for a message that also says the rest is still to come. */
const SOME_DONE = /已经?(?:全部|顺利)?(?:完成|办结|落实|报送|上报|办理完毕|办完|做完|结束|发放)/;
/** Words saying the done part is only part of it ("第一批已完成", "已完成3个，还有2个", "剩下的下周完成"). */
const ONLY_PART = /还有|剩下|剩余|其余|其他|另外|第[一二三四五1-5]批|[上下]半年|初评|终评|一部分|部分|大半|\d+个|\d+家|\d+人/;

// "已完成的任务", "完成情况", "完成了吗": talk about completion, not a report of it.
const DESCRIBES = /(?:完成|办结|落实|报送)(?:的|情况|率|进度|度)/;
// "是不是已经完成了", "完成了吧" (a guess), "听说已经完成了" (hearsay): asked or passed on, not reported.
const QUESTION = /[?？]|吗|呢|么$|没有?$|吧$|几时|什么时候|何时|多少|哪些|哪个|哪几|是否|是不是|有没有|怎么|如何|查询|查一下|看看|听说|据说|不知道/;
// "请于7月31日前完成", "大家别忘了完成": asking for completion is not reporting it (tested before the status word).
const INSTRUCTION = /请|别忘|记得|需要|需在|须在|尽快|抓紧|务必|应当|应该|督促|提醒|要求|要在|要按时/;
// Promises to act (马上安排, 抓紧落实) acknowledge too: the work is not done yet.
const ACK = /^(?:收到|已收到|收到了|好的|好滴|好嘞|好|ok|okay|嗯+|明白|明白了|知道了|了解|谢谢|感谢|多谢|辛苦了|(?:马上|立即|立刻|尽快|抓紧)(?:安排|落实|办理|办)|遵照执行|照办|已阅|[👌👍🙏✌️✅✔☑\uFE0F]|[\s,，.。!！~～、])+$/iu;

const codePattern = () => new RegExp(TASK_CODE_PATTERN.source, 'g');

export function codesIn(text: string): string[] {
  return [...new Set([...fold(text).matchAll(codePattern())].map((m) => normaliseCode(m[1]!)))];
}

/**
 * Full-width letters and digits (Ｋ７Ｑ２, １２０人) and odd spaces folded to ASCII, one character for one, so
 * the note keeps the user's own punctuation (NFKC would turn “，” into “,”).
 */
export function fold(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[\u2000-\u200A\u3000\u00A0]/g, ' ');
}

const trimPunctuation = (s: string) => s.replace(/^[\s,，.。;；:：!！、~～—\-]+|[\s,，.。;；:：!！、~～—\-]+$/g, '');

/**
 * Reads a reply as a confirmation ("完成 K7Q2 慰问120人", "K7Q2 已完成", "送清凉已完成", a quote of a
 * reminder plus 已办结 / 搞定了, "部分完成 K7Q2", "撤销 K7Q2") or an acknowledgement (收到, 好的).
 * Questions (完成了吗, 完成情况) and negations (还没完成) are not confirmations: null.
 */
export function parseReply(text: string, quotedText?: string): ParsedReply | null {
  // The correction, acknowledgement and confirmation commands each read the message they are tried on: the
  // reading of the last one is kept (it depends on nothing else; no caller changes what it is given).
  if (last && last.text === text && last.quotedText === quotedText) return last.read;
  const read = readReply(text, quotedText);
  last = { text, quotedText, read };
  return read;
}
let last: { text: string; quotedText: string | undefined; read: ParsedReply | null } | undefined;

function readReply(text: string, quotedText?: string): ParsedReply | null {
  const t = fold(text).trim();
  const quoted = quotedText !== undefined;
  const quotedCodes = quoted ? codesIn(fold(quotedText)) : [];
  const codes = codesIn(t);
  const bare = aboutOthersLeftOut(t.replace(codePattern(), ' ').replace(/\s+/g, ' ').trim());
  const base = { codes, quotedCodes, quoted, all: ALL.test(bare) };
  // Read only for a report: most messages are questions, and the figures are the dearest part to read.
  let figures: Figure[] | undefined;

  // "Z2C3 ✅", "Z2C3 √", "Z2C3 done", or ✅ quoting a reminder: done. "收到✅" alone is an acknowledgement.
  if ((codes.length || quoted) && /^(?:[✅✔☑√\uFE0F\s]|done|完毕)+$/iu.test(bare)) return { action: 'done', before: '', after: '', ...base, figures: [] };
  // "K7Q2 ✅ 慰问120人": a leading check mark after a code (or on a quote) says done, the rest is the note.
  if ((codes.length || quoted) && /^[✅✔☑√]/u.test(bare)) return parseReply(t.replace(/[✅✔☑√]\uFE0F?/u, ' 完成 '), quotedText);
  // "【完成】Q5C9", "[已完成] Q5C9": a status in brackets, as some offices head their reports.
  const bracketed = /[【\[]\s*((?:已经?)?(?:完成|办结)|部分完成|撤销)\s*[】\]]/.exec(t);
  if (bracketed) return parseReply(t.replace(bracketed[0], ` ${bracketed[1]} `), quotedText);
  if (ACK.test(bare) && bare !== '') return { action: 'ack', before: '', after: '', ...base, figures: [] };
  if (QUESTION.test(bare) || DESCRIBES.test(bare)) return null;

  let action: ReplyAction;
  let phrase: RegExpExecArray | null;
  let pending: RegExpExecArray | null;
  if ((phrase = UNDO.exec(bare))) action = 'undo';
  else if ((phrase = PARTIAL.exec(bare))) action = 'partial';
  else if ((pending = firstOf(NEGATED, NOT_YET, bare))) {
    const earlier = bare.slice(0, pending.index);
    // "K7Q2 完成了，经费还没报销", "K7Q2 完成，下周报送总结": an earlier clause reports it done; the rest is the note.
    // Not when the done part is only part of it ("第一批已完成，第二批下周完成"), nor for several codes at once.
    const doneBefore = /[，,。；;!！\s]/.test(earlier) ? DONE.exec(earlier) : null;
    // What is still to come carries no figures for the year-end sums ("剩余5万元经费还没拨付", "还有30人下周慰问").
    if (doneBefore) figures = extractFigures(earlier);
    if (doneBefore && codes.length < 2 && !ONLY_PART.test(bare)) {
      phrase = doneBefore;
      action = 'done';
    } else if (doneBefore) {
      phrase = doneBefore;
      action = 'partial';
    } else {
      // "第一批已发放，第二批下周完成": some done, the rest to come. Otherwise not done yet: nothing to record.
      phrase = SOME_DONE.exec(bare);
      if (!phrase) return null;
      action = 'partial';
    }
  } else if ((phrase = DONE.exec(bare))) action = 'done';
  else return null;

  if (INSTRUCTION.test(bare.slice(0, phrase.index))) return null;

  // The words around the status phrase: before it a reply names its task (送清凉已完成), after it the
  // situation (已完成 慰问120人). Further status words alone ("完成 K7Q2 已办结") add nothing to the note; with
  // other words they are part of what was reported ("部分完成 R8P4 初评完成" keeps "初评完成").
  const strip = (s: string) => trimPunctuation(s.replace(new RegExp(`${UNDO.source}|${PARTIAL.source}|${DONE.source}`, 'g'), ' ')
    .replace(/\s+/g, ' '));
  const situation = (s: string) => (strip(s) ? trimPunctuation(s.replace(/\s+/g, ' ')) : '');
  return {
    action,
    // "托管班已经搞完了", "托管班已经圆满结束": the adverb before the status words is no part of the task's name.
    // "体检已于9月15日完成", "9月15日体检已完成": the day it was done is no part of the name either.
    before: strip(bare.slice(0, phrase.index).replace(DONE_ON, ' ')).replace(/(?:已经|已|都|也|均|全都)+$/, ''),
    // "已发放完毕，共…": what finishes the status phrase ("完毕", "了") is no part of the situation.
    after: situation(bare.slice(phrase.index + phrase[0].length).replace(/^(?:完毕|了|啦)+/, '')),
    ...base,
    figures: figures ?? extractFigures(bare),
  };
}

/** A day something was done on: "已于9月15日", "于15日", "9月15号", "9.15" is left alone (it names 开放日 and the like). */
const DONE_ON = /(?:已经?)?于?(?:\d{1,2}月)?\d{1,2}[日号](?:上午|下午|当天)?/g;

// "其他两项", "其余的任务", "剩下的任务": other tasks (of a quoted reminder, say), not a part of this one (还有2个,
// 剩下3项, 剩下30人).
const OTHER_TASKS = /(?:其他|其它|其余|另外)的?(?:[两二三四五六七八九几\d]+)?(?:项|个?任务)|(?:剩下|剩余)的?(?:几项|任务)/;

/**
 * "健步走已完成，其他两项还没弄好": a clause saying other tasks are not done is about them, not about the task
 * reported: left out of its status, note and figures. Kept when nothing else is left.
 */
function aboutOthersLeftOut(bare: string): string {
  const clauses = bare.split(/(?<=[，,；;。])/);
  const kept = clauses.filter((c) => !(OTHER_TASKS.test(c) && (NEGATED.test(c) || NOT_YET.test(c))));
  const rest = trimPunctuation(kept.join(''));
  return kept.length < clauses.length && rest ? rest : bare;
}

/** The earlier of two patterns' first matches in a text. */
function firstOf(a: RegExp, b: RegExp, text: string): RegExpExecArray | null {
  const x = a.exec(text);
  const y = b.exec(text);
  return x && y ? (x.index <= y.index ? x : y) : x ?? y;
}

/**
 * "收到，保证按时完成", "还没弄好，下周完成", "K7Q2 计划下周完成": of a reply parseReply read as no report, whether it says
 * the work will be done later. Answered like an acknowledgement; nothing is recorded.
 */
export function promisesLater(text: string): boolean {
  const bare = fold(text).replace(codePattern(), ' ').trim();
  return !QUESTION.test(bare) && LATER.test(bare);
}

/**
 * The words of a piece of a message that may name its task: those before its first status words (done, under way,
 * not done: "健步走还没弄好" → 健步走), else those after them ("完成托管班"); codes left out.
 */
export function namingWords(text: string): string {
  const bare = fold(text).replace(codePattern(), ' ');
  const first = [UNDO, PARTIAL, NEGATED, NOT_YET, DONE].map((r) => r.exec(bare))
    .filter((m): m is RegExpExecArray => !!m).sort((a, b) => a.index - b.index)[0];
  if (!first) return bare.trim();
  return trimPunctuation(bare.slice(0, first.index)) || trimPunctuation(bare.slice(first.index + first[0].length));
}

/** Whether a reply that reads as no report says its work is not done (yet): a part of a message to leave out. */
export function saysNotDone(text: string): boolean {
  const bare = fold(text).replace(codePattern(), ' ');
  return NEGATED.test(bare) || NOT_YET.test(bare);
}

// "不是V4W5", "而不是V4W5、J5D8": codes the sender says the message is not about; a "是" right after leads the right code.
const CODE = TASK_CODE_PATTERN.source.replace(/^\(\?<!\[A-Za-z0-9\]\)\(|\)\(\?!\[A-Za-z0-9\]\)$/g, '');
const DISOWNED = new RegExp(`[，,；;\\s]*而?(?:不是|并非)\\s*(${CODE}(?:\\s*[、和与及,，]\\s*${CODE})*)(?![A-Za-z0-9])(?:[，,\\s]*而?是(?=\\s*[A-Za-z]))?`, 'g');
/** DISOWNED's own words, looked for first: most messages have none. */
const DISOWNING = /不是|并非/;
/** Letters, half- or full-width (fold() turns the latter into the former). */
const LETTERS = /[A-Za-z\uFF21-\uFF3A\uFF41-\uFF5A]/g;
// "刚才说错了，不是V4W5，是J5D8": the words that say a correction carry no report of their own.
const CORRECTION = /^(?:刚才|刚刚|之前|前面|上条)?(?:说错了|写错了|发错了|搞错了|报错了|弄错了|更正)[:：，,。！!\s]*/;

/**
 * "J5D8已完成，不是V4W5", "刚才说错了，不是V4W5，是J5D8已完成": the message without the codes it disowns (and without
 * the words saying it corrects an earlier one), and those codes. Nothing is recorded for a disowned code.
 */
export function withoutDisowned(text: string): { text: string; disowned: string[] } {
  if (!DISOWNING.test(text)) return { text, disowned: [] };
  const t = fold(text);
  const disowned = [...t.matchAll(DISOWNED)].flatMap((m) => codesIn(m[1]!));
  if (!disowned.length) return { text, disowned };
  const rest = t.replace(DISOWNED, '，').replace(/^[\s，,]+/, '').replace(CORRECTION, '');
  return { text: rest, disowned: [...new Set(disowned)] };
}

// "好的，已经完成了", "收到 已完成", "V4W5完成了谢谢王主席": courtesies around a report, and particles left alone ("了"),
// are no part of what was done.
const COURTESY_START = /^(?:收到了?|已收到|好的|好滴|好嘞|嗯+|ok|okay|明白了?|知道了)(?=$|[\s,，.。!！~～、])/i;
const THANKS_END = /(?:谢谢|多谢|感谢|辛苦了?)[^\s,，.。;；!！]{0,6}[!！~～。.]*$/;
const PARTICLE = /(^|[\s,，、])(?:了|啦|哈|呀|吧|哦|嗯)+(?=$|[\s,，、.。!！])/g;

function withoutCourtesy(note: string): string {
  let rest = trimPunctuation(note);
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = trimPunctuation(rest.replace(COURTESY_START, '').replace(THANKS_END, '').replace(PARTICLE, '$1'));
  }
  return rest.replace(/\s{2,}/g, ' ');
}

/** The note kept with a confirmation: what the reply said besides the code and the status words. */
export function replyNote(p: ParsedReply, subjectUsed: boolean): string | null {
  const parts = subjectUsed ? [p.after] : [p.before, p.after];
  const note = withoutCourtesy(parts.map(trimPunctuation).filter(Boolean).join(' ').trim());
  // 👍, ✅, "!!": no words, nothing to keep (a re-confirmation with one must not replace the situation reported).
  return /[\p{L}\p{N}]/u.test(note) ? note.slice(0, 500) : null;
}

/**
 * A message reporting several tasks, each with its own words ("R8P4 已完成 表彰5个；Q2N3 正在推进"): one reply per
 * part, so each task gets its own status, note and figures. Parts are cut at ；。 and line ends, and at a comma or
 * space before a code; words without a code stay with the part before them. A part that says its work is not
 * done, or only acknowledges, or says nothing of it ("R8P4 等领导签字"), is left out; a part of codes alone, or
 * words under a status said first ("完成 K7Q2 慰问120人，R8P4 表彰20人"), goes with that status. Null when the
 * message is one report (one code, or "K7Q2、R8P4 都完成了").
 */
export function splitReports(text: string, quotedText?: string): ParsedReply[] | null {
  // Two codes take at least two letters (a question usually has none).
  if ((text.match(LETTERS) ?? []).length < 2) return null;
  const t = unnumbered(fold(text));
  if (codesIn(t).length < 2) return null;
  const parts: string[] = [];
  let prefix = '';
  // A comma ends a clause: "V4W5已完成，慰问品Y9G5还没发" is two reports, the second naming its task before its code.
  for (const piece of t.split(/[；;。\n]+|\s*[，,][，,\s]*|\s+(?=[A-Za-z][2-9][A-Za-z][2-9](?![A-Za-z0-9]))/)) {
    if (!piece.trim()) continue;
    if (codesIn(piece).length) parts.push(parts.length ? piece : `${prefix}${piece}`);
    else if (parts.length) parts[parts.length - 1] += `，${piece}`;
    else prefix += `${piece} `; // "完成 K7Q2 …": words before the first code lead its part
  }
  if (parts.length < 2) return null;
  const replies: ParsedReply[] = [];
  let leading: string | undefined;
  for (const part of parts) {
    const words = part.replace(codePattern(), ' ').replace(/[\s,，、和与及]+/g, '');
    // Codes alone ("完成 K7Q2；R8P4"): one report of several codes, read whole.
    if (!words) return null;
    let r = parseReply(part, quotedText);
    if (!r && leading && !saysNotDone(part)) r = parseReply(`${leading} ${part}`, quotedText);
    if (!r || r.action === 'ack' || !r.codes.length) continue;
    const status = /^\s*(部分完成|完成|撤销|撤回)/.exec(part);
    leading = status ? status[1] : undefined;
    replies.push(r);
  }
  return replies.length ? replies : null;
}

// "1." "2、" "(3)" "④": the number of an item in a list (not 1.5万, 3、4月, nor the 5 ending a code "V4W5.").
const MARKER = /(?<![A-Za-z0-9.])([1-9])[.、．)）](?!\d)|[（(]([1-9])[)）]|([①-⑨])/g;

/**
 * "1.V4W5已完成2.H8W8正在推进", "①V4W5已完成②J5D8已完成": each item of a numbered list on a line of its own, without its
 * number. Only numbers that count up from 1 are items ("表彰集体5、个人20名" is no list).
 */
export function unnumbered(t: string): string {
  const cuts: { from: number; to: number }[] = [];
  for (const m of t.matchAll(MARKER)) {
    const n = m[3] ? m[3].charCodeAt(0) - 0x245F : Number(m[1] ?? m[2]);
    if (n === cuts.length + 1) cuts.push({ from: m.index, to: m.index + m[0].length });
  }
  if (cuts.length < 2) return t;
  let out = '';
  let at = 0;
  for (const c of cuts) {
    out += `${t.slice(at, c.from)}\n`;
    at = c.to;
  }
  return out + t.slice(at);
}

// Words that carry no report on their own: what is left of "R8P4 和 E9J4 都完成了", "E4G4 10月份的已完成",
// "Z4E7 已经搞定了", "代安全监督处确认 H8K6 完成" once codes, status words, months and departments are taken out.
// "春节慰问品已发放完毕": what is left of a status said twice (完毕, 完成, 结束, 办结) says nothing more either.
const FILLER = /^(?:已经?|都|也|均|全部|全都|的|地|和|与|及|跟|了|啦|呀|哈|吧|呢|今年的?|本月的?|这个?|那个?|这项|该项|代|代为|确认|一下|任务|工作|完毕|完成|结束|办结|完事|圆满|顺利)+$/;

/** A note made only of such words is no note (a confirmation again then keeps what was reported before). */
export function withoutFiller(note: string | null): string | null {
  if (note === null) return null;
  const words = note.split(/[\s,，.。;；:：!！、~～—\-]+/).filter(Boolean);
  return words.every((w) => FILLER.test(w)) ? null : note;
}
