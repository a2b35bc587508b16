import type { TimeMention } from './time-expressions.js';

const CLAUSE_BREAK = /[，,。；;！!？?：:\n]/;
/** Verbs that carry no meaning of their own: the activity is what follows them. */
const LIGHT_VERBS = ['组织开展', '开展', '进行', '举行', '举办', '实施', '落实', '做好', '抓好', '办好', '推进', '推动'];
/** Verbs that are part of the activity's name ("召开联席会议"). */
const HEAVY_VERBS = ['召开', '组织', '评选', '发放', '完成', '启动', '推出', '发布', '签订', '走访', '慰问', '选树', '表彰'];
const LEADING_CONNECTORS = /^(?:于|在|从|自|将|要|并|同时|结合|围绕|利用|借助|通过|依托|力争|计划|拟|与[^，。]{0,12}?(?:合力|联合|共同|一起))+/;

function lastVerb(s: string): { at: number; verb: string; light: boolean } | null {
  let best: { at: number; verb: string; light: boolean } | null = null;
  for (const [list, light] of [[LIGHT_VERBS, true], [HEAVY_VERBS, false]] as const) {
    for (const v of list) {
      const at = s.lastIndexOf(v);
      if (at < 0) continue;
      // Prefer the later verb; on the same spot prefer the longer one ("组织开展" over "组织").
      if (!best || at > best.at || (at === best.at && v.length > best.verb.length)) best = { at, verb: v, light };
    }
  }
  return best;
}

function tidy(s: string): string {
  let t = s.trim();
  const cut = /等(?![级次额同待于])|这一|的重要|为主题|为重点/.exec(t);
  if (cut && cut.index >= 3) t = t.slice(0, cut.index);
  t = t.replace(/^[\s、，,：:；;）)]+|[\s、，,：:；;（(]+$/g, '');
  if (t.length > 40) t = t.slice(0, 40);
  return t;
}

/**
 * Shortest phrase naming the activity that a time mention belongs to, e.g.
 * "2-3 月与相关部门合力开展公共就业服务“春风行动”" → "公共就业服务“春风行动”",
 * "落实元旦春节送温暖等帮扶项目" → "元旦春节送温暖".
 */
export function activityPhrase(text: string, m: TimeMention): string {
  if (m.kind === 'event') return m.text.trim();
  // A festival inside a list ("机关春节联欢活动、三八妇女节、六一儿童节") belongs to its
  // own list entry, so 、 bounds it too.
  const brk = m.kind === 'festival' ? /[，,。；;！!？?：:\n、]/ : CLAUSE_BREAK;
  let a = m.start;
  while (a > 0 && !brk.test(text[a - 1]!)) a--;
  let b = m.end;
  while (b < text.length && !brk.test(text[b]!)) b++;
  let post = text.slice(m.end, b);
  // "国庆前后开展…", "年底前完成…": the time word is an adverbial, not part of the name.
  const adverbial = /^\s*(?:前后|期间|之际|前夕|前|后|以前|之前|时)/.exec(post);
  if (adverbial) post = post.slice(adverbial[0].length);
  const keepMention = m.kind === 'festival' && !adverbial;
  let pre = text.slice(a, m.start);
  const v = lastVerb(pre);
  if (v) pre = pre.slice(v.light ? v.at + v.verb.length : v.at);
  else pre = pre.trim().replace(LEADING_CONNECTORS, '');
  pre = pre.trim();
  let phrase = (pre + (keepMention ? m.text : '') + post).trim().replace(LEADING_CONNECTORS, '');
  if (!pre && !keepMention) {
    // The mention opened the clause: drop a light verb that follows it.
    const lv = LIGHT_VERBS.find((v) => phrase.startsWith(v));
    if (lv) phrase = phrase.slice(lv.length);
  }
  let out = tidy(phrase);
  if (keepMention && out === tidy(m.text)) {
    // "结合元旦春节、高温季节，局领导…开展“送清凉”“送温暖”走访慰问": the activity is in the
    // next clause of the sentence.
    let c = m.end;
    while (c < text.length && !/[，,。；;！!？?\n]/.test(text[c]!)) c++;
    if (/[，,]/.test(text[c] ?? '')) {
      let d = c + 1;
      while (d < text.length && !CLAUSE_BREAK.test(text[d]!)) d++;
      const next = text.slice(c + 1, d);
      const v2 = lastVerb(next);
      const act = tidy(v2 ? next.slice(v2.light ? v2.at + v2.verb.length : v2.at) : next.replace(LEADING_CONNECTORS, ''));
      if (act.length >= 2 && act.length <= 30) out = `${out}${act}`;
    }
  }
  if (/^(?:报送|上报|报|提交|交|反馈)/.test(out) && a > 0 && /[，,]/.test(text[a - 1]!)) {
    // "于2月底前报工会办公室" names a deadline, not the activity: add the clause before it.
    let c = a - 1;
    while (c > 0 && !/[，,。；;！!？?：:\n]/.test(text[c - 1]!)) c--;
    const prev = tidy(text.slice(c, a - 1));
    if (prev.length >= 2 && prev.length + out.length <= 40) out = out ? `${prev}，${out}` : prev;
  }
  return out.length >= 2 ? out : tidy(text.slice(a, b)) || m.text.trim();
}
