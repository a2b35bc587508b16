// One or more leading "@name" tokens, each ended by whitespace. WeCom puts U+2005 (four-per-em space) after a
// mention and DingTalk a plain space; \s covers both, and U+3000.
const LEADING = /^\s*(?:[@＠][^\s@＠]{1,40}\s+)+/u;
const TRAILING = /\s+[@＠][^\s@＠]{1,40}\s*$/u;
// A mention at the end is the bot's, except one after words that take a person: "设为负责人 @张三".
const TAKES_PERSON = /(?:负责人|设为|设置为?|指定为?|登记为?)\s*$/u;

/**
 * Names the bot is usually given in groups. A mention glued to the text ("@工会助手本月任务") can only be
 * told apart from the question by knowing the name; longest first.
 */
export const BOT_NAMES = ['工会计划助手', '工会助手', '计划助手', '小助手', '机器人', '助手'];

/** The message text without @mentions at its start or end (platforms differ in whether they strip them). */
export function stripMention(text: string, botNames: readonly string[] = BOT_NAMES): string {
  let t = text.replace(LEADING, '');
  for (let m = TRAILING.exec(t); m && !TAKES_PERSON.test(t.slice(0, m.index)); m = TRAILING.exec(t)) t = t.slice(0, m.index);
  t = t.trim();
  const glued = /^[@＠](.*)$/su.exec(t);
  if (glued) {
    const name = botNames.find((n) => glued[1]!.startsWith(n));
    if (name) t = glued[1]!.slice(name.length).trim();
  }
  // Addressed by name without a real mention: "助手，下个月干嘛", "艾特助手 本月任务" (voice input says 艾特 for @).
  const spoken = /^(?:艾特|at)?\s*(\S+?)(?:你好|您好)?[，,：:、!！\s]+/iu.exec(t);
  if (spoken && botNames.includes(spoken[1]!) && (spoken[0].length < t.length)) t = t.slice(spoken[0].length).trim();
  return t;
}
