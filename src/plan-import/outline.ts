import type { Para } from './normalize-text.js';
import { ENUM_RANK, matchEnumerator, type EnumKind, type Enumerator } from './enumerators.js';
import { parseTimeOnly, type TimeCell } from './time-expressions.js';

/**
 * The document outline: sections (一、), subsections (（一）), numbered items (1、),
 * 一要 paragraphs, month headings (一月份：, 1~2月:, 第一季度) with the entries under
 * them, and unnumbered block headings (十件实事, 附件) that restart the numbering.
 */
export type NodeKind = EnumKind | 'root' | 'block' | 'month' | 'plain';

export interface OutlineNode {
  kind: NodeKind;
  rank: number;
  /** Enumerator label ("一", "(一)", "1", "一要"), or the month heading's time text. */
  label: string;
  value: number;
  /** First paragraph without its enumerator. */
  heading: string;
  /** Heading paragraph plus continuation paragraphs, joined. */
  text: string;
  children: OutlineNode[];
  parent: OutlineNode | null;
  /** Time stated by a month heading. */
  time: TimeCell | null;
  /** The section reviews past work (e.g. "一、2021年主要工作" in a 2022 report). */
  review: boolean;
  line: number;
  enumerated: boolean;
}

function node(kind: NodeKind, rank: number, parent: OutlineNode | null, p: Partial<OutlineNode>): OutlineNode {
  const n: OutlineNode = {
    kind, rank, parent, label: '', value: 0, heading: '', text: '', children: [], time: null,
    review: false, line: -1, enumerated: false, ...p,
  };
  parent?.children.push(n);
  return n;
}

const BLOCK_HEADING = /实事|附件|附表|清单|计划表|工作要点|工作计划|工作安排|重点工作$/;
const SIGNATURE = /^(?:\d{4}|[二〇零一三四五六七八九]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|^[（(]\s*\d{4}\s*年.*[)）]$|^[^，、：:。；（(]{2,30}(工会|委员会|办公室)(印发)?$/;
const REVIEW = /回顾|工作总结|主要成绩|完成情况|过去一年|一年来|取得的成绩/;
const FORWARD = /计划|要点|目标|任务|安排|打算|思路|展望/;

function isReviewHeading(h: string, year: number): boolean {
  const head = h.split(/[。；]/)[0] ?? '';
  const y = /(?<!\d)(20\d{2})\s*年/.exec(head);
  if (y && Number(y[1]) < year && !FORWARD.test(head)) return true;
  return REVIEW.test(head) && !FORWARD.test(head);
}

function isBlockHeading(p: Para): boolean {
  const t = p.text.trim();
  if (p.mdHeading) return true;
  if (t.length > 40 || /[。；！？]/.test(t)) return false;
  return BLOCK_HEADING.test(t) || SIGNATURE.test(t);
}

interface MonthHeading {
  time: TimeCell;
  enumer: Enumerator | null;
  inline: string | null;
}

/** "一月份：", "七、八月份", "（二）第二季度", "3月：召开…" (inline entry after the colon). */
function monthHeading(text: string, e: Enumerator | null, nextCn: number, year: number): MonthHeading | null {
  if (/\d\s*[日号]/.test(text.split(/[:：]/)[0] ?? '')) return null;
  const colon = /^([^：:。，]{1,24})[：:](.*)$/.exec(text);
  const headPart = colon ? colon[1]! : text;
  const inline = colon && colon[2]!.trim() ? colon[2]!.trim() : null;
  // "七、八月份" is a month list unless 七 is the next section number.
  const enumFirst = e && !(e.kind === 'cn' && e.value !== nextCn);
  if (!enumFirst) {
    const whole = parseTimeOnly(headPart, year);
    if (whole) return { time: whole, enumer: null, inline };
  }
  if (e && (e.kind !== 'yao')) {
    const rest = parseTimeOnly(headPart.slice(e.length), year);
    if (rest) return { time: rest, enumer: e, inline };
  }
  return null;
}

/** Builds the outline tree from paragraphs. */
export function buildOutline(paras: Para[], year: number): OutlineNode {
  const root = node('root', 0, null, {});
  let stack: OutlineNode[] = [root];
  let cnCount = 0;
  const top = () => stack[stack.length - 1]!;
  const popTo = (rank: number) => {
    while (stack.length > 1 && top().rank >= rank) stack.pop();
  };
  const append = (n: OutlineNode, t: string) => {
    n.text = n.text ? `${n.text}\n${t}` : t;
  };

  for (const p of paras) {
    const t = p.text.trim();
    const e = matchEnumerator(t);
    const mh = monthHeading(t, e, cnCount + 1, year);
    if (mh) {
      let rank: number;
      if (mh.enumer) {
        rank = ENUM_RANK[mh.enumer.kind];
        popTo(rank);
        if (mh.enumer.kind === 'cn') cnCount = mh.enumer.value;
      } else {
        // Items of the month before first, then that month itself: 十二月份 follows 十一月份, it is not inside it.
        while (stack.length > 1 && top().kind !== 'month' && top().kind !== 'block' && top().kind !== 'cn' && top().kind !== 'pcn') stack.pop();
        while (stack.length > 1 && top().kind === 'month' && !top().enumerated) stack.pop();
        rank = top().rank + 0.5;
      }
      const m = node('month', rank, top(), {
        label: mh.time.note, heading: mh.time.note, text: mh.time.note, time: mh.time,
        line: p.line, enumerated: !!mh.enumer, value: mh.enumer?.value ?? 0,
      });
      stack.push(m);
      if (mh.inline) {
        mh.inline.split(/[；;](?=\S)/).map((s) => s.trim()).filter(Boolean).forEach((s, i) => {
          node('plain', rank + 0.25, m, { heading: s, text: s, line: p.line, value: i + 1 });
        });
      }
      continue;
    }
    if (e) {
      const rank = ENUM_RANK[e.kind];
      popTo(rank);
      const heading = t.slice(e.length).trim();
      const n = node(e.kind, rank, top(), { label: e.label, value: e.value, heading, text: heading, line: p.line, enumerated: true });
      if (e.kind === 'cn') {
        cnCount = e.value;
        n.review = isReviewHeading(heading, year);
      }
      stack.push(n);
      continue;
    }
    const cur = top();
    const plainListMode = cur.kind === 'month' && !cur.children.some((c) => c.enumerated);
    const block = plainListMode ? p.mdHeading || SIGNATURE.test(t) || /^附件|实事|^(注|备注|说明)\s*[:：]/.test(t) : isBlockHeading(p);
    if (block) {
      stack = [root];
      cnCount = 0;
      const b = node('block', 0.1, root, { heading: t, text: t, line: p.line });
      b.review = isReviewHeading(t, year);
      stack.push(b);
      continue;
    }
    if (plainListMode) {
      node('plain', cur.rank + 0.25, cur, { heading: t, text: t, line: p.line, value: cur.children.length + 1 });
      continue;
    }
    append(cur, t);
  }
  return root;
}

/** True if this node or an ancestor is a review of past work. */
export function inReview(n: OutlineNode): boolean {
  for (let x: OutlineNode | null = n; x; x = x.parent) if (x.review) return true;
  return false;
}

/** Nearest month-heading time above (or at) a node. */
export function inheritedTime(n: OutlineNode): TimeCell | null {
  for (let x: OutlineNode | null = n; x; x = x.parent) if (x.kind === 'month' && x.time) return x.time;
  return null;
}
