import type { ParsedTask } from './types.js';
import { inheritedTime, inReview, type OutlineNode } from './outline.js';
import { extractResponsibility } from './departments.js';
import { findTimeMentions, parseTimeCell } from './time-expressions.js';
import { itemTiming } from './item-timing.js';

/** Section names that introduce a part of the plan rather than a task. */
const GENERIC_SECTION =
  /^(指导思想|总体要求|总体思路|工作思路|工作目标|目标任务|主要目标|基本原则|保障措施|工作要求|组织领导|有关要求|工作措施|主要任务|重点任务|工作重点|主要工作|重点工作|具体安排|工作安排|时间安排|实施步骤|日常工作)[。：:]?$/;
const STRUCTURAL: OutlineNode['kind'][] = ['cn', 'pcn', 'num', 'pnum', 'circ', 'yao', 'month', 'plain'];

function isStructural(n: OutlineNode): boolean {
  return STRUCTURAL.includes(n.kind);
}

/** "二(一)一要", "三(一)", "item 11", "实事 3", "item 4(2)", "1~2月 #2". */
export function refOf(n: OutlineNode, shishi: boolean): string {
  if (n.kind === 'plain') return `${n.parent?.label ?? ''} #${n.value}`.trim();
  if (n.kind === 'num') {
    if (shishi) return `实事 ${n.value}`;
    return n.parent?.kind === 'month' ? `${n.parent.label} item ${n.value}` : `item ${n.value}`;
  }
  if (n.kind === 'pnum' || n.kind === 'circ') {
    const p = n.parent && n.parent.kind !== 'root' && n.parent.kind !== 'block' ? refOf(n.parent, shishi) : '';
    return `${p}${n.label}`;
  }
  const parts: string[] = [];
  for (let x: OutlineNode | null = n; x; x = x.parent) {
    if (x.kind === 'cn' || x.kind === 'pcn' || x.kind === 'yao') parts.unshift(x.label);
    else if (x.kind === 'month' && x !== n) parts.unshift(x.label);
  }
  if (n.kind === 'month') parts.push(n.label);
  return parts.join('');
}

function inShishi(n: OutlineNode): boolean {
  for (let x: OutlineNode | null = n.parent; x; x = x.parent) if (/实事/.test(x.heading)) return true;
  return false;
}

/** Heading of the outermost section above a node ("二、服务职工"), else its block heading. */
export function sectionOf(n: OutlineNode): string | null {
  let s: OutlineNode | null = null;
  let block: OutlineNode | null = null;
  for (let x: OutlineNode | null = n.parent; x && x.kind !== 'root'; x = x.parent) {
    if (x.kind === 'block') block = x;
    else s = x;
  }
  const top = s ?? block;
  if (!top) return null;
  const h = top.kind === 'cn' ? `${top.label}、${top.heading}` : top.kind === 'pcn' ? `${top.label}${top.heading}` : top.heading;
  return h.split(/[。；]/)[0]!.slice(0, 60);
}

/** Labels of the enclosing sections ("二", "(一)", month headings), outermost first. */
function sectionPath(n: OutlineNode): string {
  const parts: string[] = [];
  for (let x: OutlineNode | null = n.parent; x; x = x.parent) {
    if (x.kind === 'cn' || x.kind === 'pcn' || x.kind === 'month') parts.unshift(x.label);
    else if (x.kind === 'block' && !parts.length) parts.unshift(x.heading.slice(0, 12));
  }
  return parts.join('');
}

/** Heading phrase of an item: text before the first 。, without a leading time or trailing bracket. */
export function titleOf(body: string, year: number): string {
  let t = body.replace(/\s*\n\s*/g, '').trim();
  const first = findTimeMentions(t.slice(0, 30), year)[0];
  if (first && first.start === 0 && (first.kind === 'month' || first.kind === 'season' || first.kind === 'allYear')) {
    const rest = t.slice(first.end).replace(/^[\s，,、：:前底初中]+/, '');
    // A season word can be part of the name: 年终总结 stays whole (not "总结"); 年底召开总结会 → 召开总结会.
    if (rest.length >= (first.kind === 'season' ? 4 : 2)) t = rest;
  }
  const stop = /[。！？!?]/.exec(t);
  if (stop && stop.index >= 2) t = t.slice(0, stop.index);
  t = t.replace(/[（(][^（）()]*[)）]\s*$/, (m) => (parseTimeCell(m.slice(1, -1), year) ? '' : m));
  t = t.replace(/[\s，,、；;：:。.]+$/, '').trim();
  if (t.length > 60) {
    const c = /[；;，,]/.exec(t);
    t = c && c.index >= 6 ? t.slice(0, c.index) : t.slice(0, 60);
  }
  return t;
}

function leafTasks(n: OutlineNode, year: number, out: ParsedTask[], paths: Map<ParsedTask, string>, unplaced: string[]): void {
  const shishi = inShishi(n);
  const full = n.text;
  const resp = extractResponsibility(full);
  const body = resp ? full.slice(0, resp.start) : full;
  const explicit = resp?.timeText ? parseTimeCell(resp.timeText, year) : null;
  const inherited = inheritedTime(n);
  // The title comes from the item's own first paragraph, not from continuation paragraphs.
  const headResp = extractResponsibility(n.heading);
  let title = titleOf(headResp ? n.heading.slice(0, headResp.start) : n.heading, year);
  if (!title) {
    // An enumerator with nothing usable after it ("3、", "（责任单位：办公室）"): show it in the preview.
    const raw = `${n.enumerated ? n.label + ' ' : ''}${full}`.replace(/\s+/g, ' ').trim();
    if (raw) unplaced.push(raw);
    return;
  }
  const timing = itemTiming(body, year, { inherited, explicit, forceScheduled: shishi || !!inherited });
  // "一、加强思想引领" over one paragraph "1月召开职工代表大会…": the heading names the area, the paragraph the work,
  // so the paragraph's own phrase is the title (a question about 职代会 must find it). Only for a bare heading line
  // (no sentence, no time of its own) over one dated activity.
  const below = full.slice(n.heading.length).trim();
  if (below && !/[。；！？]/.test(n.heading) && n.heading.length <= 20 && !findTimeMentions(n.heading, year).length
    && !timing.subTasks.length && timing.windows.length && !timing.allYear && !resp?.timeText) {
    const belowResp = extractResponsibility(below);
    const own = titleOf(belowResp ? below.slice(0, belowResp.start) : below, year);
    if (own.length >= 2) title = own;
  }
  const ref = refOf(n, shishi);
  const departments = resp?.departments ?? [];
  const first = out.length;
  out.push({
    ref,
    title,
    detail: full.replace(/\s+/g, ' ').trim(),
    section: sectionOf(n),
    kind: timing.kind,
    windows: timing.windows,
    allYear: timing.allYear,
    datesNote: timing.datesNote,
    departments,
  });
  const path = sectionPath(n);
  timing.subTasks.forEach((s, i) => {
    out.push({
      ref: `${ref}.${String.fromCharCode(97 + (i % 26))}`,
      title: s.title,
      detail: full.replace(/\s+/g, ' ').trim(),
      section: sectionOf(n),
      kind: 'scheduled',
      windows: s.windows,
      allYear: false,
      datesNote: s.datesNote,
      departments,
    });
  });
  for (let i = first; i < out.length; i++) paths.set(out[i]!, path);
}

/**
 * Tasks from the outline: every leaf item (numbered item, 一要 paragraph, entry under a
 * month heading) outside review sections. Section headings with children are not tasks.
 */
export function outlineTasks(root: OutlineNode, year: number, unplaced: string[] = []): ParsedTask[] {
  const out: ParsedTask[] = [];
  const paths = new Map<ParsedTask, string>();
  const visit = (n: OutlineNode) => {
    if (n.review) return;
    const kids = n.children.filter(isStructural);
    if (isStructural(n) && n.kind !== 'month' && !kids.length && !inReview(n)) {
      const headingOnly = !/[。；！？]/.test(n.text) && n.text.length <= 40;
      const siblingsHaveKids = !!n.parent?.children.some((s) => s !== n && s.children.some(isStructural));
      const generic = GENERIC_SECTION.test(n.heading.split(/[。；]/)[0]!.trim());
      // A short 一、/（一） line among sections that have items reads as a heading with nothing under it, unless it
      // names a time ("二、3-4月组织植树活动"): then it is an item. A heading left out is shown in the preview.
      const heading = (n.kind === 'cn' || n.kind === 'pcn') && headingOnly && siblingsHaveKids
        && !findTimeMentions(n.text, year).some((m) => !m.allYear);
      if (!generic && !heading) leafTasks(n, year, out, paths, unplaced);
      else if (heading) unplaced.push(`${n.label}${n.kind === 'cn' ? '、' : ''}${n.text}`.replace(/\s+/g, ' ').trim());
    }
    for (const k of n.children) visit(k);
  };
  visit(root);
  // Numbering that restarts per section gives duplicate refs: qualify them with the section.
  const counts = new Map<string, number>();
  for (const t of out) counts.set(t.ref, (counts.get(t.ref) ?? 0) + 1);
  for (const t of out) {
    const p = paths.get(t);
    if ((counts.get(t.ref) ?? 0) > 1 && p && !t.ref.startsWith(p)) t.ref = `${p} ${t.ref}`;
  }
  return out;
}
