import { chineseDay, parseDay } from '../schedule/days.js';
import { HOLIDAYS_IMPORT, PLANBOT } from '../core/invocation.js';
import type { ReminderSettings } from './settings.js';
import type { DepartmentHead, PlannedPush, PushItem, ReminderChat, ReminderKind } from './types.js';

/** Who to @ in a push: platform user ids where the head is known on the chat's platform, else mobiles. */
export interface Mentions {
  userIds: string[];
  mobiles: string[];
}

/** A push as text: one or more parts (each within the size limit), the task codes it names, its @mentions. */
export interface RenderedPush {
  parts: string[];
  codes: string[];
  mentions: Mentions;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Short, plain-text Chinese messages for a phone screen. Every task line starts with its code, and the
 * reply words (完成 K7Q2) are spelled out, so a quote of the message carries the code back to the bot.
 * Plain text rather than markdown: WeCom quotes carry a text message's content verbatim (design §6).
 */
export function renderPush(
  push: PlannedPush, heads: DepartmentHead[], settings: Pick<ReminderSettings, 'maxMessageBytes' | 'nudgeWorkdays'>,
): RenderedPush {
  const year = parseDay(push.day).year;
  if (push.kind === 'weekly_digest' || push.kind === 'overdue_digest') {
    const text = push.kind === 'weekly_digest'
      ? weeklyText(push, year, settings.maxMessageBytes)
      : overdueDigestText(push, year, settings.maxMessageBytes);
    return { parts: [text.text], codes: text.codes, mentions: { userIds: [], mobiles: [] } };
  }
  const kind = push.kind;
  const dept = push.chat.department ?? push.items[0]?.department ?? '';
  const head = {
    kickoff: push.late
      ? { title: `【任务开始·补发】${dept}`, intro: '以下任务已经开始，本群此前没有收到开始提醒，现补发，请按时落实：' }
      : { title: `【任务开始】${dept}`, intro: '以下任务本月开始，请按时落实：' },
    nudge: { title: `【临近截止】${dept}`, intro: `以下任务还剩${settings.nudgeWorkdays}个工作日截止，尚未收到完成确认：` },
    overdue: { title: `【已逾期${push.late ? '·补发' : ''}】${dept}`, intro: '以下任务已过截止日期，尚未收到完成确认：' },
  }[kind];
  // The example reply in the footer names a task of the same part, so a quote of any part carries a usable code.
  const footer = (code: string) => ({
    kickoff: `在群里@我回复即可，可附简要情况，如“完成 ${code} 已办结”。`,
    nudge: `部分完成可@我回复“部分完成 ${code} 进展情况”。`,
    // The office's own overdue work goes in its digest (planReminders), so this is always another department's group.
    overdue: '如有困难，请与工会办公室联系。',
  }[kind]);
  const blocks = push.items.map((item, i) => ({ code: replyCode(item), text: itemBlock(kind, item, i + 1, year) }));
  const mentions = mentionsFor(push.chat, heads);
  const line = mentionLine(push.chat, heads);
  const parts = pack(blocks, head.title, head.intro, footer, settings.maxMessageBytes - bytes(line) - 1);
  if (line) parts[0] = `${parts[0]}\n${line}`;
  return { parts, codes: unique(push.items.map((i) => i.code)), mentions };
}

function itemBlock(kind: ReminderKind, item: PushItem, n: number, year: number): string {
  // All-year work is announced as such; once its year runs out, it is owed by 12月31日 like any other.
  const yearLong = item.allYear && kind !== 'kickoff' ? '全年工作，' : '';
  const role = yearLong + (item.role === 'lead' ? '牵头' : item.lead ? `配合，牵头：${item.lead}` : '配合');
  const when = item.allYear && kind === 'kickoff' ? '全年开展' : `${chineseDay(item.deadline, year)}截止`;
  const reply = kind === 'overdue' ? '已完成请回复' : '完成后回复';
  const progress = item.partial ? '，已报部分完成' : '';
  return `${n}. ${item.code} ${item.title}\n   ${when}（${role}${progress}）｜${reply}：完成 ${replyCode(item)}`;
}

/** The code a reply names; with the window's month for a task due more than once ("E4G4 10月"), as the bot asks otherwise. */
function replyCode(item: PushItem): string {
  return item.windowCount > 1 ? `${item.code} ${item.window.startMonth}月` : item.code;
}

/** Packs item blocks into parts of at most `max` bytes, each with the title (numbered when split), intro and footer. */
function pack(
  blocks: { code: string; text: string }[], title: string, intro: string, footer: (code: string) => string, max: number,
): string[] {
  const groups: { code: string; text: string }[][] = [];
  let cur: { code: string; text: string }[] = [];
  const frame = bytes(`${title}（10/10）\n${intro}\n\n${footer('XXXXXXXXXXXXXXXX')}`);
  for (const b of blocks) {
    const size = frame + bytes([...cur, b].map((x) => x.text).join('\n'));
    if (cur.length && size > max) { groups.push(cur); cur = []; }
    cur.push(b);
  }
  groups.push(cur);
  return groups.map((g, i) => {
    const t = groups.length > 1 ? `${title}（${i + 1}/${groups.length}）` : title;
    return [t, intro, ...g.map((x) => x.text), footer(g[0]?.code ?? '编号')].join('\n');
  });
}

/** Lines of the overdue list grouped by task window: “K7Q2 组织职工疗休养（10月31日截止）” then who has not confirmed. */
function overdueLines(items: PushItem[], year: number): { lines: string[]; codes: string[] }[] {
  const groups = new Map<string, PushItem[]>();
  for (const i of items) {
    const k = `${i.taskId}:${i.windowIndex}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return [...groups.values()].map((g, n) => {
    const missing = g.filter((i) => !i.partial).map((i) => i.department);
    const partial = g.filter((i) => i.partial).map((i) => i.department);
    return {
      lines: [`${n + 1}. ${g[0]!.code} ${g[0]!.title}（${chineseDay(g[0]!.deadline, year)}截止）`,
        ...(missing.length ? [`   未确认：${missing.join('、')}`] : []),
        ...(partial.length ? [`   部分完成：${partial.join('、')}`] : [])],
      codes: [g[0]!.code],
    };
  });
}

/** Adds groups while the text stays under `max`, then a “另有 N 项” line. */
function fitList(
  head: string[], groups: { lines: string[]; codes: string[] }[], tail: string[], max: number,
): { text: string; codes: string[] } {
  const body: string[] = [];
  const codes: string[] = [];
  for (const [i, g] of groups.entries()) {
    const rest = groups.length - i - 1;
    const more = rest ? [`……另有${rest}项`] : [];
    if (bytes([...head, ...body, ...g.lines, ...more, ...tail].join('\n')) > max) {
      body.push(`……另有${groups.length - i}项`);
      break;
    }
    body.push(...g.lines);
    codes.push(...g.codes);
  }
  return { text: [...head, ...body, ...tail].join('\n'), codes: unique(codes) };
}

function overdueDigestText(push: PlannedPush, year: number, max: number) {
  return fitList(
    [`【逾期汇总${push.late ? '·补发' : ''}】${chineseDay(push.day, year, true)}`, '以下任务已过截止日期，相关部门尚未确认完成：'],
    overdueLines(push.items, year),
    [push.unbound?.length
      ? `已提醒有工作群的部门；${push.unbound.join('、')}没有绑定工作群，收不到提醒，请另行通知。@我发送“逾期”可查看全部。`
      : '已分别提醒各部门。@我发送“逾期”可查看全部。'],
    max,
  );
}

function weeklyText(push: PlannedPush, year: number, max: number) {
  const d = push.digest!;
  const head = [`【每周进度】${chineseDay(push.day, year, true)}`];
  head.push(d.month.tasks
    ? (d.month.pairs ? `本月任务${d.month.tasks}项，部门确认完成 ${d.month.done}/${d.month.pairs}` : `本月任务${d.month.tasks}项（计划未写明负责部门）`)
    : '本月没有按月安排的任务。');
  if (d.allYear.tasks) head.push(`全年任务${d.allYear.tasks}项，确认完成 ${d.allYear.done}/${d.allYear.pairs}`);
  const groups = overdueLines(d.overdue, year);
  // A task of several departments is unconfirmed once per department: count departments, and those places.
  const departments = new Set(d.overdue.map((i) => i.departmentId)).size;
  head.push(groups.length ? `逾期未完成任务${groups.length}项（涉及${departments}个部门，共${d.overdue.length}处未确认）：` : '目前没有逾期未完成的任务。');
  const tail: string[] = [];
  if (d.noPlanForYear) {
    tail.push(`提示：尚未导入${d.noPlanForYear}年的工作计划，以上为此前计划的情况。请工会办公室导入本年度计划（${PLANBOT} import 计划文件.docx），导入后即按新计划提醒。`);
  }
  if (d.unbound.length) tail.push(`未绑定群、收不到提醒的部门：${d.unbound.join('、')}`);
  for (const y of d.uncoveredYears) {
    tail.push(y === year
      ? `提示：尚未导入${y}年国务院放假安排，本年提醒暂按周一至周五并避开法定节日当天计算，调休上班日未计入；请管理员导入放假通知（${HOLIDAYS_IMPORT}）。`
      : `提示：${y}年的放假安排尚未导入。国务院办公厅通知发布后，请管理员导入（${HOLIDAYS_IMPORT}），明年的提醒才能避开假期、计入调休上班日。`);
  }
  tail.push('@我发送“进度”可查看详情。');
  return fitList(head, groups, tail, max);
}

function mentionsFor(chat: ReminderChat, heads: DepartmentHead[]): Mentions {
  const userIds: string[] = [];
  const mobiles: string[] = [];
  for (const h of heads) {
    if (h.departmentId !== chat.departmentId) continue;
    if (h.platform === chat.platform) userIds.push(h.externalId);
    else if (h.mobile) mobiles.push(h.mobile);
  }
  return { userIds: unique(userIds), mobiles: unique(mobiles) };
}

/**
 * The visible @ line, on the console only (names). WeCom text takes mentioned_list/mentioned_mobile_list,
 * and the DingTalk robot sender appends the `@id` words its `at` field needs; its OpenAPI path cannot @ at
 * all, so a line here would show there as plain text.
 */
function mentionLine(chat: ReminderChat, heads: DepartmentHead[]): string {
  if (chat.platform !== 'console') return '';
  return unique(heads.filter((h) => h.departmentId === chat.departmentId && h.platform === 'console')
    .map((h) => `@${h.name ?? h.externalId}`)).join(' ');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
