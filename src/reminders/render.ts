import { chineseDay, parseDay } from '../schedule/days.js';
import { bytes, overdueDigestText, unique, weeklyText } from './render-digests.js';
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
