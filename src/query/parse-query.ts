import type { CalendarDay } from '../core/clock.js';
import { TASK_CODE_PATTERN, normaliseCode } from '../plan-import/task-codes.js';
import type { Catalog } from './catalog.js';
import { findNamedDepartments, findPartialDepartment, type DepartmentMention } from './departments.js';
import { FILLER_PATTERN, STATUS_WORDS, WHEN_WORDS } from './fillers.js';
import { compact, compactTask, Scanner } from './scanner.js';
import { parseTime, type TimeQuery } from './time.js';

/** A question taken apart: when, which department, what about. */
export interface ParsedQuery {
  time: TimeQuery;
  departments: DepartmentMention[];
  /** The question said 我们/本部门 but the chat is not bound to a department. */
  ownUnbound: boolean;
  /** The question asked about every department (各部门, 所有部门, 全局): not narrowed to the chat's own. */
  allDepartments: boolean;
  codes: string[];
  /** What is left once time, department, code and question words are removed. */
  keywords: string[];
  asksWhen: boolean;
  /** The question used a word like 任务/工作/安排/负责. */
  asksTasks: boolean;
  /** The question asked about completion (未完成, 进度 …); answered by the progress commands. */
  asksStatus: boolean;
  /** The question asked for the plan's yearly aims (年度目标, 工作要点): they are listed first and in full. */
  asksGoals: boolean;
  /** The catalog the question was read against (tasks around the asked year). */
  catalog: Catalog;
}

// A question is a short phrase; a long paste is read by its start only, which bounds the work per message.
const MAX_QUESTION = 200;
const TASK_WORDS = /任务|工作|安排|负责|要做|干什么|做什么|干啥|做啥|事项|事情|计划|活动/;
const WHEN_PATTERN = new RegExp(WHEN_WORDS.join('|'));
const STATUS_PATTERN = new RegExp(STATUS_WORDS.join('|'));
const GOAL_WORDS = /(?:年度|全年|主要|工作)*目标(?:任务)?|工作要点/g;
/** 各部门, 所有部门, 哪些部门, 全局 (not 全局工会, which names 局工会), 整体: every department. */
const ALL_DEPARTMENTS = /(?:各个?|所有|全部|全体|每个|哪些|哪个|哪几个)(?:部门|单位|处室|科室)|全局(?!工会)|整体|总体|全单位/g;

export interface QueryEnv {
  today: CalendarDay;
  /** The chat's bound department, for 我们/本部门. */
  own: { id: number; name: string } | null;
  load: (year: number) => Promise<Catalog>;
}

export async function parseQuery(text: string, env: QueryEnv): Promise<ParsedQuery> {
  const s = new Scanner(joinSpacedCharacters(text.slice(0, MAX_QUESTION)));
  const codes: string[] = [];
  s.take(new RegExp(TASK_CODE_PATTERN.source, 'g'), (m) => { codes.push(normaliseCode(m[1]!)); return true; });
  const time = parseTime(s, env.today);
  let allDepartments = false;
  s.take(ALL_DEPARTMENTS, () => { allDepartments = true; return true; });
  const catalog = await env.load(time.year);
  const titles = catalog.tasks.map((t) => compactTask(t).title);

  const inScope = new Set(catalog.tasks.filter((t) => t.planYear === time.year)
    .flatMap((t) => t.departments)
    .map((name) => catalog.departments.find((d) => d.name === name)?.id)
    .filter((id): id is number => id !== undefined));
  const named = findNamedDepartments(s, catalog.departments, env.own, inScope, titles);
  const asksWhen = WHEN_PATTERN.test(s.rest);
  const asksStatus = STATUS_PATTERN.test(s.rest);
  const asksTasks = TASK_WORDS.test(s.rest);
  // 年度工作目标, 主要目标任务, 工作要点: the kind of task asked for, not a word of its title.
  let asksGoals = false;
  s.take(GOAL_WORDS, () => { asksGoals = true; return true; });
  const inside = (i: number, end: number) => named.mentions.some((d) => d.via !== 'own' && i < d.end && end > d.start);
  s.take(FILLER_PATTERN, (m) => !inside(m.index, m.index + m[0].length));

  // A department name that is only part of a longer phrase found in a title (机关工会换届选举) is the
  // subject of the question, not a filter.
  const keywords: string[] = [];
  let departments = named.mentions;
  for (const chunk of s.chunks(2)) {
    const end = chunk.start + chunk.text.length;
    const covered = departments.filter((d) => d.via !== 'own' && d.start >= chunk.start && d.end <= end);
    if (!covered.length) continue;
    const longer = covered.every((d) => d.end - d.start < chunk.text.length);
    if (longer && titles.some((t) => t.includes(compact(chunk.text)))) {
      keywords.push(chunk.text);
      s.claim(chunk.start, end);
      departments = departments.filter((d) => !covered.includes(d));
    }
  }
  for (const d of departments) s.claim(d.start, d.end);
  departments = [...departments, ...findPartialDepartment(s, catalog.departments, titles, inScope)];
  for (const chunk of s.chunks(2)) keywords.push(chunk.text);

  const unique = new Map(departments.map((d) => [d.id, d]));
  return {
    time, departments: [...unique.values()], ownUnbound: named.ownUnbound, allDepartments, codes: [...new Set(codes)],
    keywords, asksWhen, asksTasks, asksStatus, asksGoals, catalog,
  };
}

const HAN = /^\p{Script=Han}$/u;

/**
 * "本 月 任 务", "体 检什么时候": characters typed apart (a phone's input method, a habit) are one word again.
 * Only a space next to a lone Chinese character goes: "体检 疗休养" keeps its two words.
 */
export function joinSpacedCharacters(text: string): string {
  const parts = text.split(/(\s+)/);
  let out = parts[0] ?? '';
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const before = [...out].at(-1) ?? '';
    const prev = /(\S+)$/.exec(out)?.[1] ?? '';
    const next = parts[i + 1]!;
    const lone = (w: string) => [...w].length === 1 && HAN.test(w);
    const joins = HAN.test(before) && HAN.test([...next][0] ?? '') && (lone(prev) || lone(next));
    out += (joins ? '' : parts[i]) + next;
  }
  return out;
}
