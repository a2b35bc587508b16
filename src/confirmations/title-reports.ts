import type { PlanTask } from '../../db/repositories/tasks.js';
import { shortTitle } from '../answers/task-lines.js';
import type { DepartmentEntry } from '../query/departments.js';
import { bestMatches, scoreTasks } from '../query/keywords.js';
import { extractFigures } from './figures.js';
import { codesIn, fold, namingWords, parseReply, saysNotDone, unnumbered, type ParsedReply } from './parse-reply.js';
import { subjectWords } from './resolve.js';

/** One task of a message that names several, with the words that report on it. */
export interface TitledPart { p: ParsedReply; task: PlanTask | null }

/** Several tasks named in one message, each read on its own; or the names that could not be told apart. */
export type TitleSplit =
  | { kind: 'parts'; parts: TitledPart[] }
  | { kind: 'unclear'; lines: string[]; tasks: PlanTask[] };

/** Where the tasks named by words are looked for: the department's own, and everyone else's (to refuse, not record). */
export interface TitlePools {
  own: PlanTask[];
  elsewhere: PlanTask[];
  departments: DepartmentEntry[];
  department: string | null;
  byCode: (code: string) => PlanTask | undefined;
}

// Cut before punctuation, spaces and words that join names (和、与、及、跟); a piece that names no task is put back.
const CUT = /(?=[；;。\n，,、\s和与及跟])/;
const JOINER = /^[；;。\n，,、\s和与及跟]+/;
// "健步走也完成了", "托管班都已完成": words a name is followed by before its status.
const ALSO = /也|都|均|全都|全部|同样/g;

/** A strong name only: the title contains the words (or their synonym, or both halves of them). */
const STRONG = 0.9;

interface Group { text: string; tasks: PlanTask[]; foreign: PlanTask[]; label: string }

/**
 * "V4W5和健步走都完成了", "送清凉、体检都已完成", "托管班已完成，健步走也完成了", "1、托管班已完成 2、职工之家建设正在推进":
 * a message with fewer than two codes that names several tasks, by title or code. Each task gets the words and
 * status of its own piece; a piece without a status takes the one said after it ("送清凉、体检都已完成"), else
 * the one said before it. A piece naming no task strongly stays with the piece before it, as words of its report.
 * Null when the message names fewer than two tasks. 'unclear' when a name fits several tasks, or another
 * department's: then nothing is recorded, rather than one task recorded and the other dropped unseen.
 */
export function splitByTitles(text: string, quotedText: string | undefined, pools: TitlePools): TitleSplit | null {
  const t = unnumbered(fold(text));
  const groups: Group[] = [];
  let prefix = '';
  for (const piece of t.split(CUT)) {
    if (!piece) continue;
    const named = namedIn(piece, pools);
    const cur = groups.at(-1);
    const same = cur && named.tasks.some((x) => cur.tasks.includes(x));
    // After the first, a task of its own only where it reads like one: joined to the first by 和、与 or 、
    // ("和健步走", "、体检"), or reported on its own ("，健步走也完成了"). Otherwise it is words of the report before
    // ("完成 D6S9 慰问120人，发放1.5万元" does not name 发放职工春节慰问品).
    const joined = /^[、和与及跟]/.test(piece) || !!parseReply(piece.replace(JOINER, '')) || saysNotDone(piece);
    if (!named.tasks.length && !named.foreign.length || same || (cur && !joined)) {
      if (cur) cur.text += piece;
      else prefix += piece;
      continue;
    }
    groups.push({ text: groups.length ? piece.replace(JOINER, '') : `${prefix}${piece}`, ...named });
  }
  // Codes alone are read by splitReports and parseReply; this is for names.
  if (groups.length < 2 || groups.every((g) => codesIn(g.text).length)) return null;

  const unclear = groups.filter((g) => g.tasks.length !== 1);
  if (unclear.length) return { kind: 'unclear', ...unclearLines(groups, unclear, pools.department) };

  // The status of each piece: its own, else the one said after it (shared: "送清凉、体检都已完成"), else before it.
  const read = groups.map((g) => ({ g, p: parseReply(g.text, quotedText), notDone: saysNotDone(g.text) }));
  const parts: TitledPart[] = [];
  for (const [i, r] of read.entries()) {
    if (r.notDone && !r.p) continue; // "健步走还没弄好": said not done, nothing to record
    let p = r.p;
    if (!p) {
      const from = read.slice(i + 1).find((x) => x.p && x.p.action !== 'ack') ?? read.slice(0, i).reverse().find((x) => x.p && x.p.action !== 'ack');
      if (!from) continue;
      p = parseReply(`${r.g.text} ${from.p!.action === 'partial' ? '部分完成' : from.p!.action === 'undo' ? '撤销' : '完成'}`, quotedText);
    }
    if (!p || p.action === 'ack') continue;
    const code = codesIn(r.g.text)[0];
    parts.push({ p, task: code ? null : r.g.tasks[0]! });
  }
  return parts.length ? { kind: 'parts', parts } : null;
}

/** The tasks a piece of a message names: by code, else strongly by its words (own tasks first). */
function namedIn(piece: string, pools: TitlePools): Omit<Group, 'text'> {
  const codes = codesIn(piece);
  if (codes.length) {
    const tasks = codes.map(pools.byCode).filter((x): x is PlanTask => !!x);
    return { tasks, foreign: [], label: codes.join('、') };
  }
  const named = namingWords(piece.replace(JOINER, '')).replace(ALSO, ' ');
  const words = subjectWords({ before: named, after: '', figures: extractFigures(named) }, pools.departments);
  if (!words.length) return { tasks: [], foreign: [], label: '' };
  const strong = (pool: PlanTask[]) => bestMatches(scoreTasks(words, pool), { min: STRONG }).map((s) => s.task);
  const tasks = strong(pools.own);
  return { tasks, foreign: tasks.length ? [] : strong(pools.elsewhere), label: words.join('') };
}

function unclearLines(groups: Group[], unclear: Group[], department: string | null): { lines: string[]; tasks: PlanTask[] } {
  const lines = ['本条消息提到了多项任务，其中有的未能确定是哪一项：'];
  const tasks: PlanTask[] = [];
  for (const g of unclear) {
    if (g.tasks.length) {
      lines.push(`“${g.label}”对应 ${g.tasks.length} 项任务：${g.tasks.slice(0, 4).map((x) => `${x.code} ${shortTitle(x.title, 12)}`).join('；')}`);
      tasks.push(...g.tasks.slice(0, 4));
    } else {
      const x = g.foreign[0]!;
      lines.push(`“${g.label}”是 ${x.code} ${shortTitle(x.title, 12)}，由${x.departments.join('、') || '工会办公室'}负责${department ? `，不是${department}的任务` : ''}`);
      tasks.push(x);
    }
  }
  const sure = groups.filter((g) => g.tasks.length === 1).map((g) => g.tasks[0]!.code);
  lines.push(`本条消息未记录任何任务${sure.length ? `（包括 ${sure.join('、')}）` : ''}。请每项任务分别发送并写上编号，如“完成 ${sure[0] ?? tasks[0]?.code ?? 'K7Q2'}”。`);
  return { lines, tasks };
}
