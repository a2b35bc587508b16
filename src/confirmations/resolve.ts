import type { PlanTask } from '../../db/repositories/tasks.js';
import { shortTitle } from '../answers/task-lines.js';
import type { DepartmentEntry } from '../query/departments.js';
import { FILLER_PATTERN } from '../query/fillers.js';
import { bestMatches, scoreTasks } from '../query/keywords.js';
import { Scanner } from '../query/scanner.js';
import type { ParsedReply } from './parse-reply.js';
import type { Pair } from './pairs.js';

/** The tasks a reply is about, or a question back when it is not clear which. */
export type Resolution =
  | { kind: 'tasks'; tasks: PlanTask[]; byTitle: boolean }
  | { kind: 'ask'; lines: string[]; tasks: PlanTask[] };

/** "两项", "3项": how many, said with 都 ("两项都完成了"); no name of a task. */
const COUNTED = /^[两二三四五六七八九十\d]+项$/;

const MONTH = /(?:\d{1,2}|十[一二]|[一二三四五六七八九十])\s*月份?/g;

const OWN_WORDS = /我们部门|我们单位|本部门|本单位|我部门|我们|咱们|本群|大家|这项|这个|该项|此项|上述|以上|所有|全部|都/g;

/** Department names and aliases written in the text, longest first (局工会经审委 before 局工会). */
export function departmentsNamed(text: string, departments: DepartmentEntry[]): DepartmentEntry[] {
  const t = text.normalize('NFKC');
  const names = departments.flatMap((d) => [d.name, ...d.aliases].filter((n) => n.length >= 2).map((n) => ({ n, d })))
    .sort((a, b) => b.n.length - a.n.length);
  const found = new Map<number, DepartmentEntry>();
  let rest = t;
  for (const { n, d } of names) {
    if (!rest.includes(n)) continue;
    found.set(d.id, d);
    rest = rest.split(n).join('\u0001');
  }
  return [...found.values()];
}

/** The words of a reply that may name its task: without figures, department names and filler. */
export function subjectWords(p: Pick<ParsedReply, 'before' | 'after' | 'figures'>, departments: DepartmentEntry[]): string[] {
  let text = p.before || p.after;
  for (const f of p.figures) text = text.split(f.text).join(' ');
  const names = departments.flatMap((d) => [d.name, ...d.aliases]).filter((n) => n.length >= 2).sort((a, b) => b.length - a.length);
  for (const n of names) text = text.split(n).join(' ');
  // "健步走五月份已经搞完了": the month says when, not which task (confirm reads it to choose the window).
  const s = new Scanner(text.replace(OWN_WORDS, ' ').replace(MONTH, ' '));
  s.take(FILLER_PATTERN, () => true);
  return s.chunks(2).map((c) => c.text);
}

/**
 * "· Q2Z9 困难职工帮扶和医疗互助", with the plan year when the list holds tasks of several years (last year's plan
 * and this year's often share titles): "（2026年全年，已逾期）", "（2027年计划）".
 */
function listLines(tasks: PlanTask[], overdue: Set<number> = new Set(), extra?: (t: PlanTask) => string): string[] {
  const years = new Set(tasks.map((t) => t.planYear)).size > 1;
  return tasks.map((t) => {
    const notes = [years ? (t.allYear ? `${t.planYear}年全年` : `${t.planYear}年计划`) : '', years && overdue.has(t.id) ? '已逾期' : '',
      extra?.(t) ?? ''].filter(Boolean);
    return `· ${t.code} ${shortTitle(t.title, 18)}${notes.length ? `（${notes.join('，')}）` : ''}`;
  });
}

function ask(
  intro: string, tasks: PlanTask[], action: ParsedReply['action'], hint = tasks.length > 0, overdue?: Set<number>,
): Extract<Resolution, { kind: 'ask' }> {
  const verb = action === 'partial' ? '部分完成' : action === 'undo' ? '撤销' : '完成';
  const shown = tasks.slice(0, 8);
  return {
    kind: 'ask',
    tasks: shown,
    lines: [
      intro,
      ...listLines(shown, overdue),
      ...(tasks.length > shown.length ? [`……另有 ${tasks.length - shown.length} 项`] : []),
      ...(hint ? [`请回复“${verb} 编号”，如“${verb} ${shown[0]?.code ?? 'K7Q2'}”。`] : []),
    ],
  };
}

/**
 * Which tasks a reply without a code of its own is about.
 * - A quoted reminder with codes: those of the sender's department among them; several are narrowed by
 *   the words of the reply (送清凉已完成), else the bot asks which.
 * - Otherwise the words of the reply against the department's open work (exactly one match), then against
 *   all its tasks; anything else is a question back listing the open codes.
 */
export function resolveWithoutCode(p: ParsedReply, env: {
  quotedTasks: PlanTask[];
  /** The quoted message numbers its tasks (1. 2.), as reminders do. */
  quoteNumbered?: boolean;
  /** The department's pairs (its tasks' windows), for what is open. */
  pairs: Pair[];
  departmentTasks: PlanTask[];
  /** The tasks of other departments (with their owners), to say whose a task named by words is. */
  elsewhere?: PlanTask[];
  departments: DepartmentEntry[];
  department: string | null;
}): Resolution {
  const words = subjectWords(p, env.departments);
  // Tasks with a window past its deadline and not confirmed: said beside the year when the list spans years.
  const overdue = new Set(env.pairs.filter((x) => x.state === 'overdue').map((x) => x.task.id));
  const match = (pool: PlanTask[]) => (words.length ? bestMatches(scoreTasks(words, pool)).map((s) => s.task) : []);

  if (env.quotedTasks.length) {
    const ours = env.department ? env.quotedTasks.filter((t) => t.departments.includes(env.department!)) : [];
    const pool = ours.length ? ours : env.quotedTasks;
    if (pool.length === 1) return { kind: 'tasks', tasks: pool, byTitle: false };
    // "都已完成", "全部完成", "两项都完成了": every task of the quote that is the department's.
    if (p.all && ours.length && !words.some((w) => !COUNTED.test(w))) return { kind: 'tasks', tasks: ours, byTitle: false };
    const hits = match(pool);
    if (hits.length === 1) return { kind: 'tasks', tasks: hits, byTitle: true };
    if (hits.length > 1) return ask(`您回复的消息里有 ${hits.length} 项相关任务，请问是哪一项？`, hits, p.action, true, overdue);
    const whose = ours.length && ours.length < env.quotedTasks.length ? env.department : '';
    const r = ask(`您回复的消息里有 ${pool.length} 项${whose ? `${whose}的` : ''}任务，请问是哪一项？`, pool, p.action, true, overdue);
    // A reply by the reminder's numbers, or for all of its tasks, is read too (see withQuotedNumbers).
    const verb = p.action === 'partial' ? '正在推进' : '已完成';
    const ways = [...(env.quoteNumbered ? [`也可按提醒中的序号回复，如“第1项${verb}”`] : []),
      ...(ours.length > 1 ? [`如都${verb}，请回复“都${verb}”`] : [])];
    if (p.action !== 'undo' && ways.length) r.lines.push(`${ways.join('；')}。`);
    return r;
  }

  if (!env.department) {
    return ask('请问是哪项任务？本群还没有绑定部门，请写上任务编号。', [], p.action, true);
  }
  const open = unique(env.pairs.filter((x) => x.state === 'open' || x.state === 'partial' || x.state === 'overdue')
    .map((x) => x.task));
  const undoable = unique(env.pairs.filter((x) => x.confirmation && x.confirmation.status !== 'undone').map((x) => x.task));
  const first = p.action === 'undo' ? undoable : open;
  if (words.length) {
    const hits = match(first);
    if (hits.length === 1) return { kind: 'tasks', tasks: hits, byTitle: true };
    if (hits.length > 1) return ask(`${env.department}有 ${hits.length} 项相关任务，请问是哪一项？`, hits, p.action, true, overdue);
    const any = match(env.departmentTasks);
    if (any.length === 1) return { kind: 'tasks', tasks: any, byTitle: true };
    if (any.length > 1) return ask(`${env.department}有 ${any.length} 项相关任务，请问是哪一项？`, any, p.action, true, overdue);
    // Another department's work: say whose, rather than list this department's own.
    const elsewhere = match(env.elsewhere ?? []);
    if (elsewhere.length) {
      return { kind: 'ask', tasks: elsewhere.slice(0, 5), lines: [
        `“${words.join('')}”不是${env.department}的任务，相关任务的负责部门是：`,
        ...listLines(elsewhere.slice(0, 5), undefined, (t) => t.departments.join('、') || '计划未写明负责部门'),
        '如确由本部门承担，请联系工会办公室。',
      ] };
    }
  }
  if (!first.length) {
    return ask(p.action === 'undo' ? `${env.department}目前没有可撤销的确认记录。` : `${env.department}目前没有待确认的任务。`,
      [], p.action);
  }
  const intro = p.action === 'undo' ? `请问撤销哪项任务的确认？${env.department}已确认的有：`
    : `请问是哪项任务？${env.department}待确认的任务有：`;
  return ask(intro, first, p.action, true, overdue);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
