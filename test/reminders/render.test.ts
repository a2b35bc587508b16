import { describe, expect, it } from 'vitest';
import { dedupeKey, robotKey, toOutboxRows } from '../../src/reminders/enqueue.js';
import { planReminders } from '../../src/reminders/plan-reminders.js';
import { renderPush } from '../../src/reminders/render.js';
import { reminderSettings } from '../../src/reminders/settings.js';
import { DEPTS, at, chat, data, task, win } from './data.js';

const settings = reminderSettings();
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('renderPush', () => {
  const t = task('K7Q2', [win(10)], [DEPTS.hr, DEPTS.jiguan]);

  it('kick-off: title, each task with its code, deadline, role and the exact reply words', () => {
    const [hr, jiguan] = planReminders(at('2026-10-08'), data([t]), settings);
    const r = renderPush(hr!, data([]).heads, settings);
    expect(r.parts).toHaveLength(1);
    const text = r.parts[0]!;
    expect(text.split('\n')[0]).toBe('【任务开始】组织人事处');
    expect(text).toContain('1. K7Q2 任务K7Q2');
    expect(text).toContain('10月31日截止（牵头）｜完成后回复：完成 K7Q2');
    expect(text).toContain('@李处长'); // console: the head by name
    expect(r.codes).toEqual(['K7Q2']);
    expect(renderPush(jiguan!, data([]).heads, settings).parts[0]).toContain('（配合，牵头：组织人事处）');
  });

  it('nudge and overdue wording', () => {
    const nudge = planReminders(at('2026-10-26'), data([t]), settings).find((p) => p.kind === 'nudge')!;
    expect(renderPush(nudge, [], settings).parts[0]).toContain('还剩5个工作日截止');
    const [overdue, , digest] = planReminders(at('2026-11-02'), data([t]), settings);
    expect(renderPush(overdue!, [], settings).parts[0]).toMatch(/^【已逾期】组织人事处[\s\S]*已完成请回复：完成 K7Q2/);
    const d = renderPush(digest!, [], settings);
    expect(d.parts[0]).toContain('【逾期汇总】11月2日（周一）');
    expect(d.parts[0]).toContain('1. K7Q2 任务K7Q2（10月31日截止）\n   未确认：组织人事处、机关工会');
  });

  it('partial progress is shown as such in the nudge, the overdue notice and both digests', () => {
    const partly = data([t], { confirmations: [{ taskId: t.id, windowIndex: 0, departmentId: DEPTS.jiguan, status: 'partial' }] });
    const nudge = planReminders(at('2026-10-26'), partly, settings).find((p) => p.chat.department === '机关工会')!;
    expect(renderPush(nudge, [], settings).parts[0]).toContain('10月31日截止（配合，牵头：组织人事处，已报部分完成）');
    const pushes = planReminders(at('2026-11-02'), partly, settings);
    const text = (kind: string) => renderPush(pushes.find((p) => p.kind === kind)!, [], settings).parts[0]!;
    expect(pushes.filter((p) => p.kind === 'overdue').map((p) => renderPush(p, [], settings).parts[0]).join('\n'))
      .toContain('已报部分完成');
    expect(text('overdue_digest')).toContain('1. K7Q2 任务K7Q2（10月31日截止）\n   未确认：组织人事处\n   部分完成：机关工会');
    // The weekly digest of the next week lists it (this week's points to the 【逾期汇总】 sent just before it).
    const nextWeek = planReminders(at('2026-11-09'), partly, settings).find((p) => p.kind === 'weekly_digest')!;
    expect(renderPush(nextWeek, [], settings).parts[0]).toContain('1. K7Q2 任务K7Q2（10月31日截止）\n   未确认：组织人事处\n   部分完成：机关工会');
  });

  it('the weekly digest does not repeat the list of the 【逾期汇总】 sent to the office just before it', () => {
    const older = task('SEP9', [win(9)], [DEPTS.hr]);
    const octTask = task('OCT3', [win(10)], [DEPTS.hr, DEPTS.jiguan]);
    const pushes = planReminders(at('2026-11-02'), data([older, octTask]), settings).filter((p) => p.chat.isOffice);
    expect(pushes.map((p) => p.kind)).toEqual(['overdue_digest', 'weekly_digest']);
    const [summary, weekly] = pushes.map((p) => renderPush(p, [], settings));
    expect(summary!.parts[0]).toContain('1. OCT3 任务OCT3（10月31日截止）\n   未确认：组织人事处、机关工会');
    const text = weekly!.parts[0]!;
    expect(text).toContain('逾期未完成任务2项（涉及2个部门，共3处未确认）。其中今日新逾期的1项见上条【逾期汇总】，此前已逾期的如下：\n'
      + '1. SEP9 任务SEP9（9月30日截止）\n   未确认：组织人事处');
    expect(text).not.toContain('OCT3');
    expect(weekly!.codes).toEqual(['SEP9']);
    // All of it told above: counted and pointed to, no list.
    const only = planReminders(at('2026-11-02'), data([octTask]), settings).find((p) => p.kind === 'weekly_digest')!;
    expect(renderPush(only, [], settings).parts[0]).toContain('逾期未完成任务1项（涉及2个部门，共2处未确认），明细见上条【逾期汇总】。\n');
    // The next week, with no 【逾期汇总】 that morning, the digest lists everything again.
    const next = planReminders(at('2026-11-09'), data([older, octTask]), settings).find((p) => p.kind === 'weekly_digest')!;
    expect(renderPush(next, [], settings).parts[0]).toContain('逾期未完成任务2项（涉及2个部门，共3处未确认）：\n1. SEP9');
  });

  it('in January the weekly digest counts all of last year’s overdue work; a list cut for a phone says how many more and how to see them', () => {
    // Two tasks a month, each of two departments: 24 tasks, too many for one message.
    const many = Array.from({ length: 24 }, (_, i) => task(`M${String(i + 1).padStart(2, '0')}X`, [win((i >> 1) + 1)], [DEPTS.hr, DEPTS.jiguan]));
    const digest = planReminders(at('2027-01-11'), data(many), settings).find((p) => p.kind === 'weekly_digest')!;
    const text = renderPush(digest, [], settings).parts[0]!;
    expect(text).toContain('逾期未完成任务24项（2026年计划，涉及2个部门，共48处未确认）：\n1. M01X 任务M01X（2026年1月31日截止）');
    const shown = (text.match(/^\d+\. /gm) ?? []).length;
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThan(24);
    expect(text).toContain(`……另有${24 - shown}项未列出，@我发送“2026年逾期”查看全部。`);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(settings.maxMessageBytes);
    // February: a count, with the words the chat answers.
    const feb = planReminders(at('2027-02-01'), data(many), settings).find((p) => p.kind === 'weekly_digest')!;
    const febText = renderPush(feb, [], settings).parts[0]!;
    expect(febText).toContain('2027年目前没有逾期未完成的任务。');
    expect(febText).toContain('2026年计划还有 24 项逾期未确认，@我发送“2026年逾期”查看。');
    // This year's work cut off points to 逾期.
    const thisYear = planReminders(at('2026-12-07'), data(many.slice(0, 22)), settings).find((p) => p.kind === 'weekly_digest')!;
    expect(renderPush(thisYear, [], settings).parts[0]).toMatch(/……另有\d+项未列出，@我发送“逾期”查看全部。/);
  });

  it('a task due twice: each notice’s reply words name its month, as a plain code would ask which', () => {
    const twice = task('E4G4', [win(10), win(12)], [DEPTS.hr]);
    const kickoff = planReminders(at('2026-12-01'), data([twice]), settings).find((p) => p.kind === 'kickoff')!;
    expect(renderPush(kickoff, [], settings).parts[0]).toContain('12月31日截止（牵头）｜完成后回复：完成 E4G4 12月');
    expect(renderPush(kickoff, [], settings).parts[0]).toContain('如“完成 E4G4 12月 已办结”');
    const overdue = planReminders(at('2026-11-02'), data([twice]), settings).find((p) => p.kind === 'overdue')!;
    expect(renderPush(overdue, [], settings).parts[0]).toContain('10月31日截止（牵头）｜已完成请回复：完成 E4G4 10月');
  });

  it('the office gets its own overdue work in the digest, not in a second notice the same morning', () => {
    const own = task('OF1C', [win(10)], [DEPTS.office, DEPTS.hr]);
    const pushes = planReminders(at('2026-11-02'), data([own]), settings).filter((p) => p.kind === 'overdue' || p.kind === 'overdue_digest');
    expect(pushes.filter((p) => p.chat.isOffice).map((p) => p.kind)).toEqual(['overdue_digest']);
    const digest = renderPush(pushes.find((p) => p.chat.isOffice)!, [], settings).parts[0]!;
    expect(digest).toContain('OF1C');
    expect(renderPush(pushes.find((p) => !p.chat.isOffice)!, [], settings).parts[0]).toContain('如有困难，请与工会办公室联系。');
  });

  it('the weekly digest of month work no department is named for says so, not “0/0”', () => {
    const nobody = task('NO1D', [win(11)], []);
    const digest = planReminders(at('2026-11-02'), data([nobody]), settings).find((p) => p.kind === 'weekly_digest')!;
    const text = renderPush(digest, [], settings).parts[0]!;
    expect(text).toContain('本月任务1项（计划未写明负责部门）');
    expect(text).not.toContain('0/0');
  });

  it('the overdue digest names the departments that could not be reminded, having no group', () => {
    const withBranches = task('B5B5', [win(10)], [DEPTS.hr, DEPTS.branches]);
    const digest = planReminders(at('2026-11-02'), data([withBranches]), settings).find((p) => p.kind === 'overdue_digest')!;
    expect(renderPush(digest, [], settings).parts[0]).toContain('已提醒有工作群的部门；各基层工会没有绑定工作群，收不到提醒，请另行通知。');
    const [, , allBound] = planReminders(at('2026-11-02'), data([t]), settings);
    expect(renderPush(allBound!, [], settings).parts[0]).toContain('已分别提醒各部门。');
  });

  it('@mentions travel in the payload: user ids of heads on the chat\'s platform, mobiles of the others; names on the console', () => {
    const heads = [
      { departmentId: DEPTS.hr, platform: 'wecom' as const, externalId: 'zhangsan', name: '张三', mobile: '13800001111' },
      { departmentId: DEPTS.hr, platform: 'dingtalk' as const, externalId: 'manager1', name: '李四', mobile: '13900002222' },
    ];
    const wecom = chat(5, DEPTS.hr, { platform: 'wecom', push: { webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET' } });
    const ding = chat(6, DEPTS.hr, { platform: 'dingtalk' });
    const pushes = planReminders(at('2026-10-08'), data([t], { chats: [wecom, ding], heads }), settings);
    const w = renderPush(pushes[0]!, heads, settings);
    expect(w.mentions).toEqual({ userIds: ['zhangsan'], mobiles: ['13900002222'] });
    expect(w.parts[0]!.split('\n').at(-1)).not.toMatch(/^@/);
    const dd = renderPush(pushes[1]!, heads, settings);
    expect(dd.mentions).toEqual({ userIds: ['manager1'], mobiles: ['13800001111'] });
    // The DingTalk robot sender adds the @ words its `at` field needs; the OpenAPI path cannot @ at all.
    expect(dd.parts[0]!.split('\n').at(-1)).not.toMatch(/^@/);
    // The robot key is a hash: the webhook key never lands in the outbox.
    const rows = toOutboxRows(pushes[0]!, w);
    expect(rows[0]!.robotKey).toMatch(/^wecom:[0-9a-f]{20}$/);
    expect(JSON.stringify(rows)).not.toContain('SECRET');
    expect(rows[0]!.payload).toMatchObject({ format: 'text', kind: 'kickoff', tasks: ['K7Q2'], chatName: '组织人事处群' });
  });

  it('a long kick-off is split into numbered parts within the size limit, every part with its codes and reply words', () => {
    const many = Array.from({ length: 40 }, (_, i) => task(`T${String(i).padStart(3, '0')}`, [win(3)], [DEPTS.hr],
      { title: `组织开展第${i + 1}项职工文化体育活动并做好宣传报道和资料归档工作` }));
    const [push] = planReminders(at('2026-03-02'), data(many), settings);
    const r = renderPush(push!, data([]).heads, settings);
    expect(r.parts.length).toBeGreaterThan(1);
    r.parts.forEach((p, i) => {
      expect(bytes(p)).toBeLessThanOrEqual(settings.maxMessageBytes);
      expect(p.split('\n')[0]).toBe(`【任务开始】组织人事处（${i + 1}/${r.parts.length}）`);
      expect(p).toMatch(/完成后回复：完成 T\d{3}/);
    });
    for (const code of r.codes) expect(r.parts.filter((p) => p.includes(`完成 ${code}\n`))).toHaveLength(1);
    const rows = toOutboxRows(push!, r);
    expect(new Set(rows.map((x) => x.dedupeKey)).size).toBe(rows.length);
    expect(rows.map((x) => (x.payload as { tasks: string[] }).tasks.length).reduce((a, b) => a + b)).toBe(40);
  });

  it('the weekly digest stays within the limit however long the overdue list is', () => {
    const many = Array.from({ length: 80 }, (_, i) => task(`O${String(i).padStart(3, '0')}`, [win(2)], [DEPTS.hr, DEPTS.jiguan]));
    const digest = planReminders(at('2026-06-01'), data(many), settings).find((p) => p.kind === 'weekly_digest')!;
    const r = renderPush(digest, [], settings);
    expect(r.parts).toHaveLength(1);
    expect(bytes(r.parts[0]!)).toBeLessThanOrEqual(settings.maxMessageBytes);
    expect(r.parts[0]).toContain('逾期未完成任务80项（涉及2个部门，共160处未确认）');
    expect(r.parts[0]).toMatch(/……另有\d+项/);
  });

  it('dedupe key: kind + task windows + chat + day', () => {
    const [push] = planReminders(at('2026-10-08'), data([t]), settings);
    expect(dedupeKey(push!)).toBe('kickoff|2026-10-08|chat:2|K7Q2#0');
    expect(dedupeKey(push!, 2)).toBe('kickoff|2026-10-08|chat:2|K7Q2#0|p2');
    expect(robotKey({ platform: 'console', externalId: 'hr', push: null })).toBe('console:chat:hr');
  });
});
