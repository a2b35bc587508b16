import { codesIn, fold } from './parse-reply.js';

const DIGITS = '一二三四五六七八九';
// "1和3已完成", "第1项已完成", "第二项已完成", "1、3都完成了", "1已完成 2还在评审": an item of the quoted list, at the start
// of a clause, followed by a joiner or status words (not "120人", "1.5万元", "三八").
const REF = new RegExp(
  `(^|[，,；;。\\s和与及跟、])(?:第\\s*([1-9]|[${DIGITS}])\\s*[项条个]?|([1-9])(?!\\s*个)|([${DIGITS}])(?=\\s*[项条和与及跟、]))\\s*[项条个]?`
  + '(?=\\s*(?:[，,；;。\\s和与及跟、]|已|完成|都|均|也|还|正在|部分|在|没|未|尚|办结|搞定|$))',
  'g',
);

/** Whether a quoted message numbers the tasks it lists ("1. Q2N3 …\n2. R8P4 …"), as reminders do. */
export function numbersItsTasks(quoted: string | undefined): boolean {
  return !!quoted && listedCodes(quoted).length >= 2;
}

function listedCodes(quoted: string): string[] {
  const listed = [...fold(quoted).matchAll(/^\s*(\d{1,2})[.、．]\s*([A-Za-z0-9]{4})(?![A-Za-z0-9])/gm)]
    .map((m) => ({ n: Number(m[1]), code: codesIn(m[2]!)[0] }))
    .filter((x): x is { n: number; code: string } => !!x.code);
  return listed.length >= 2 && listed.every((x, i) => x.n === i + 1) ? listed.map((x) => x.code) : [];
}

/**
 * The codes of a quoted message in its own numbering: a reminder's "1. Q2N3 …\n2. R8P4 …", else the order in which
 * the codes stand (a reply listing tasks).
 */
function numbering(quoted: string): string[] {
  const listed = listedCodes(quoted);
  return listed.length ? listed : codesIn(quoted);
}

/**
 * "第1项已完成", "1和3已完成", "1已完成 2还在评审", replying to a message that lists several tasks: the numbers written as
 * the codes they stand for ("Q2N3已完成 R8P4还在评审"), so the reply reads as if the codes were typed. Unchanged without
 * such a quote, when the reply has codes of its own, or when a number is not one of the list's.
 */
export function withQuotedNumbers(text: string, quotedText: string | undefined): string {
  if (!quotedText) return text;
  const codes = numbering(quotedText);
  const t = fold(text);
  if (codes.length < 2 || codesIn(t).length) return text;
  let outOfList = false;
  const out = t.replace(REF, (_all, lead: string, ordinal?: string, digit?: string, chinese?: string) => {
    const n = toNumber(ordinal ?? digit ?? chinese ?? '');
    const code = codes[n - 1];
    if (!code) outOfList = true;
    return `${lead}${code ?? ''} `;
  });
  return outOfList || out === t ? text : out;
}

const toNumber = (s: string) => (/\d/.test(s) ? Number(s) : DIGITS.indexOf(s) + 1);
