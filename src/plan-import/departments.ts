/**
 * Responsibility suffixes: "（责任单位：宣传部、网络工作部）", "（牵头单位：A；配合单位：B）",
 * "（牵头：A；配合：B）", "（A牵头，B配合）", "（时间：3月；责任部门：办公室）", or the same
 * without brackets at the end of an item. Partners named in prose with 会同/联合/配合 are
 * not departments; only these explicit labels are.
 */

const LEAD_LABEL =
  /^(?:责任单位|责任部门|责任处室|责任科室|牵头单位|牵头部门|牵头处室|负责部门|负责单位|负责处室|主办单位|承办单位|承办部门|实施单位|落实单位|责任主体|主责部门|归口部门|牵头|负责|主办|承办|责任)$/;
const ASSIST_LABEL = /^(?:配合单位|配合部门|配合处室|协办单位|协助单位|协助部门|参与单位|参与部门|配合|协办|协助|参与)$/;
const TIME_LABEL = /^(?:时间|完成时间|完成时限|时限|计划时间|时间节点|时间安排|进度安排|实施时间)$/;
const SKIP_LABEL = /^(?:责任领导|分管领导|牵头领导|责任人|联系人|负责人)$/;
const ANY_LABEL =
  '责任单位|责任部门|责任处室|责任科室|牵头单位|牵头部门|牵头处室|负责部门|负责单位|负责处室|主办单位|承办单位|承办部门|实施单位|落实单位|责任主体|主责部门|归口部门|配合单位|配合部门|配合处室|协办单位|协助单位|协助部门|参与单位|参与部门|完成时间|完成时限|计划时间|时间节点|时间安排|进度安排|实施时间|责任领导|分管领导|牵头领导|责任人|联系人|负责人|牵头|负责|主办|承办|配合|协办|协助|参与|时限|时间|责任';

export interface Responsibility {
  departments: string[];
  /** Text of a 时间：… label inside the suffix, if any. */
  timeText: string | null;
  /** Offset in the input where the suffix starts; text before it is the item proper. */
  start: number;
}

/** Splits a department list on 、，, / and trims; keeps names verbatim. */
export function splitDepartments(s: string): string[] {
  return s
    .split(/[、，,／/]/)
    .map((x) => x.trim().replace(/^[“"]|[”"]$/g, '').replace(/等$/, '').trim())
    .filter((x) => x.length > 0 && x.length <= 30 && !/^(无|暂无|-+|—+)$/.test(x));
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Parses the inside of a responsibility bracket; null when it is not one. */
export function parseResponsibilityBody(body: string): Omit<Responsibility, 'start'> | null {
  const inner = body.trim();
  const labelled = new RegExp(`(${ANY_LABEL})\\s*[:：]`, 'g');
  const hits = [...inner.matchAll(labelled)];
  if (hits.length && hits[0]!.index! <= 1) {
    const lead: string[] = [];
    const assist: string[] = [];
    let timeText: string | null = null;
    hits.forEach((h, i) => {
      const from = h.index! + h[0].length;
      const to = i + 1 < hits.length ? hits[i + 1]!.index! : inner.length;
      const value = inner.slice(from, to).replace(/[；;。，,\s]+$/, '').trim();
      const label = h[1]!;
      if (SKIP_LABEL.test(label)) return;
      if (TIME_LABEL.test(label)) timeText = value || null;
      else if (ASSIST_LABEL.test(label)) assist.push(...splitDepartments(value));
      else if (LEAD_LABEL.test(label)) lead.push(...splitDepartments(value));
    });
    return { departments: uniq([...lead, ...assist]), timeText };
  }
  // "A牵头，B配合" / "A负责，B、C参与"
  const m = /^([^，,；;：:]+?)(?:牵头|负责)(?:[，,；;]\s*([^，,；;：:]+?)(?:配合|协助|参与|协办))?$/.exec(inner);
  if (m) return { departments: uniq([...splitDepartments(m[1]!), ...(m[2] ? splitDepartments(m[2]) : [])]), timeText: null };
  return null;
}

const BRACKET_SUFFIX = /[（(【\[]([^（）()【】\[\]]*(?:[（(][^（）()]*[)）][^（）()【】\[\]]*)*)[)）】\]][\s。．.；;]*$/;
const PLAIN_SUFFIX = new RegExp(`(?:^|[。；;！!？?\\s])((?:${ANY_LABEL})\\s*[:：][^。（）()]*)[。．.]?\\s*$`);

/** Finds a responsibility suffix at the end of an item's text. */
export function extractResponsibility(text: string): Responsibility | null {
  const t = text.replace(/\s+$/, '');
  const b = BRACKET_SUFFIX.exec(t);
  if (b) {
    const r = parseResponsibilityBody(b[1]!);
    if (r) return { ...r, start: b.index };
  }
  const p = PLAIN_SUFFIX.exec(t);
  if (p) {
    const r = parseResponsibilityBody(p[1]!);
    if (r) return { ...r, start: p.index + p[0].indexOf(p[1]!) };
  }
  return null;
}
