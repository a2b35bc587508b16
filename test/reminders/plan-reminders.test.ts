import { describe, expect, it } from 'vitest';
import { planReminders } from '../../src/reminders/plan-reminders.js';
import { renderPush } from '../../src/reminders/render.js';
import { reminderSettings } from '../../src/reminders/settings.js';
import type { PlannedPush } from '../../src/reminders/types.js';
import type { WorkCalendar } from '../../src/schedule/workdays.js';
import { weekday } from '../../src/schedule/days.js';
import { DEPTS, at, data, task, win } from './data.js';

const settings = reminderSettings();
const summary = (pushes: PlannedPush[], withDigest = false) =>
  pushes.filter((p) => withDigest || p.kind !== 'weekly_digest').map((p) => `${p.kind}→${p.chat.department}:${p.items.map((i) => i.code).join(',')}`);

describe('planReminders', () => {
  const oct = task('OCT1', [win(10)], [DEPTS.hr, DEPTS.jiguan, DEPTS.branches]);
  const goal = task('GOAL', [win(10)], [DEPTS.hr], { kind: 'goal' });
  const undated = task('NODT', [], [DEPTS.hr]);

  it('kicks off on the first workday of the window, to every responsible department that has a chat', () => {
    expect(planReminders(at('2026-10-01'), data([oct]), settings)).toEqual([]); // holiday
    const pushes = planReminders(at('2026-10-08'), data([oct, goal, undated]), settings);
    expect(summary(pushes)).toEqual(['kickoff→组织人事处:OCT1', 'kickoff→机关工会:OCT1']);
    expect(pushes[1]!.items[0]).toMatchObject({ role: 'assist', lead: '组织人事处', deadline: '2026-10-31' });
  });

  it('fires only at the configured time', () => {
    expect(planReminders(at('2026-10-08', '10:00'), data([oct]), settings)).toEqual([]);
    const early = reminderSettings({ kickoffTime: '08:30' });
    expect(summary(planReminders(at('2026-10-08', '08:30'), data([oct]), early))).toHaveLength(2);
    expect(planReminders(at('2026-10-08', '09:00'), data([oct]), early).filter((p) => p.kind === 'kickoff')).toEqual([]);
  });

  it('nudges five workdays before the end, only departments that have not confirmed done', () => {
    const d = data([oct], { confirmations: [
      { taskId: oct.id, windowIndex: 0, departmentId: DEPTS.hr, status: 'done' },
      { taskId: oct.id, windowIndex: 0, departmentId: DEPTS.jiguan, status: 'partial' },
    ] });
    expect(summary(planReminders(at('2026-10-26'), d, settings))).toEqual(['nudge→机关工会:OCT1']);
    expect(planReminders(at('2026-10-23'), d, settings)).toEqual([]);
  });

  it('overdue on the first workday after the window: the department, and a digest to the office', () => {
    const d = data([oct], { confirmations: [{ taskId: oct.id, windowIndex: 0, departmentId: DEPTS.hr, status: 'done' }] });
    const pushes = planReminders(at('2026-11-02'), d, settings);
    // 2026-11-02 is also a Monday: the weekly digest rides along.
    expect(summary(pushes, true)).toEqual(['overdue→机关工会:OCT1', 'overdue_digest→局工会:OCT1,OCT1', 'weekly_digest→局工会:OCT1,OCT1']);
    const digest = pushes.find((p) => p.kind === 'overdue_digest')!;
    expect(digest.items.map((i) => i.department)).toEqual(['机关工会', '各基层工会']);
  });

  it('each window of a multi-window task is reminded on its own', () => {
    const twice = task('TWO2', [win(7), win(12)], [DEPTS.hr]);
    expect(summary(planReminders(at('2026-07-01'), data([twice]), settings))).toEqual(['kickoff→组织人事处:TWO2']);
    const dec = planReminders(at('2026-12-01'), data([twice]), settings);
    expect(dec[0]!.items[0]!.windowIndex).toBe(1);
  });

  it('all-year tasks: the January kick-off, the weekly digest, and at year end the nudge and overdue notice of 12月31日', () => {
    const year = task('YEAR', [win(1, 12)], [DEPTS.hr], { allYear: true });
    const jan = planReminders(at('2026-01-04'), data([year]), settings);
    expect(summary(jan)).toEqual(['kickoff→组织人事处:YEAR']);
    const monday = planReminders(at('2026-06-01'), data([year]), settings);
    expect(monday.map((p) => p.kind)).toEqual(['weekly_digest']);
    expect(monday[0]!.digest!.allYear).toEqual({ tasks: 1, pairs: 1, done: 0 });
    // The year's work is owed by 12月31日: nudged five workdays before, overdue the first workday after.
    expect(summary(planReminders(at('2026-12-25'), data([year]), settings))).toEqual(['nudge→组织人事处:YEAR']);
    expect(summary(planReminders(at('2027-01-04'), data([year]), settings)).filter((s) => !s.startsWith('weekly')))
      .toEqual(['overdue→组织人事处:YEAR', 'overdue_digest→局工会:YEAR']);
    const [overdue] = planReminders(at('2027-01-04'), data([year]), settings).filter((p) => p.kind === 'overdue');
    expect(renderPush(overdue!, [], settings).parts[0]).toContain('2026年12月31日截止（全年工作，牵头）｜已完成请回复：完成 YEAR');
    // Confirmed during the year: nothing at year end.
    const confirmed = data([year], { confirmations: [{ taskId: year.id, windowIndex: 0, departmentId: DEPTS.hr, status: 'done' }] });
    expect(planReminders(at('2026-12-25'), confirmed, settings)).toEqual([]);
  });

  it('a confirmed department gets no kick-off either', () => {
    const d = data([oct], { confirmations: [{ taskId: oct.id, windowIndex: 0, departmentId: DEPTS.hr, status: 'done' }] });
    expect(summary(planReminders(at('2026-10-08'), d, settings))).toEqual(['kickoff→机关工会:OCT1']);
  });

  it('weekly digest: Monday, or the first workday of the week when Monday is a holiday', () => {
    const sep = task('SEP9', [win(9)], [DEPTS.hr, DEPTS.branches]);
    const monday = planReminders(at('2026-09-14'), data([sep]), settings);
    expect(monday.map((p) => p.kind)).toEqual(['weekly_digest']);
    expect(monday[0]!.digest).toMatchObject({ month: { tasks: 1, pairs: 2, done: 0 }, unbound: ['各基层工会'] });
    // 2026-10-05..07 are National Day holidays: that week's digest goes out on Thursday 10-08.
    expect(planReminders(at('2026-10-05'), data([sep]), settings)).toEqual([]);
    const thu = planReminders(at('2026-10-08'), data([sep]), settings);
    // Also the first workday after September: the overdue reminders go out the same morning.
    expect(thu.map((p) => p.kind)).toEqual(['overdue', 'overdue_digest', 'weekly_digest']);
    // September is over: 各基层工会 still owes it and has no group, so the digest still names it.
    expect(thu.find((p) => p.kind === 'weekly_digest')!.digest).toMatchObject({ unbound: ['各基层工会'] });
    expect(thu[2]!.digest!.overdue.map((i) => i.department)).toEqual(['组织人事处', '各基层工会']);
    expect(planReminders(at('2026-10-09'), data([sep]), settings)).toEqual([]);
  });

  it('the weekly digest chases this year’s overdue work, and in January all of last year’s plan’s, as the chat does', () => {
    const may = task('MAY5', [win(5)], [DEPTS.hr]);
    const tasks = [oct, may, task('DEC7', [win(12, 1, 2026, 2027)], [DEPTS.hr])];
    const digestOn = (day: string) => planReminders(at(day), data(tasks), settings).find((p) => p.kind === 'weekly_digest')!.digest!;
    const overdueOn = (day: string) => [...new Set(digestOn(day).overdue.map((i) => i.code))];
    expect(overdueOn('2026-11-02')).toEqual(['MAY5', 'OCT1']);
    // 2027-01-04, the first Monday of 2027: the 2026 plan is still active and its ledger is being closed: all of its
    // overdue work, May's too (the chat's 逾期 points to all of it); 12月-2027年1月 is under way.
    expect(overdueOn('2027-01-04')).toEqual(['MAY5', 'OCT1']);
    // February and March: last year's work is a count, as the chat's pointer (2026年计划还有 N 项逾期未确认); then none.
    expect(overdueOn('2027-03-01')).toEqual(['DEC7']);
    expect(digestOn('2027-03-01').lastYearOverdue).toBe(2);
    expect(digestOn('2027-04-12').lastYearOverdue).toBeUndefined();
  });

  it('no plan, no digest', () => {
    expect(planReminders(at('2026-09-14'), data([]), settings)).toEqual([]);
  });

  it('an uncovered year is announced once, in its first weekly digest', () => {
    const weekendsOnly: WorkCalendar = { isWorkday: (d) => weekday(d) >= 1 && weekday(d) <= 5, isCovered: (y) => y < 2027 };
    const t = task('NEXT', [win(3, 3, 2027)], [DEPTS.hr]);
    const first = planReminders(at('2027-01-04'), data([t]), settings, weekendsOnly);
    expect(first.find((p) => p.kind === 'weekly_digest')!.digest!.uncoveredYears).toEqual([2027]);
    const second = planReminders(at('2027-01-11'), data([t]), settings, weekendsOnly);
    expect(second.find((p) => p.kind === 'weekly_digest')!.digest!.uncoveredYears).toEqual([]);
  });

  it('a department with two chats gets the reminder in both', () => {
    const d = data([oct]);
    d.chats.push({ ...d.chats[1]!, id: 9, platform: 'wecom', externalId: 'wx' });
    expect(planReminders(at('2026-10-08'), d, settings).filter((p) => p.chat.departmentId === DEPTS.hr)
      .map((p) => p.chat.id)).toEqual([2, 9]);
  });

  describe('late kick-off (the plan imported, or the chat bound, after a window began)', () => {
    const late = (pushes: PlannedPush[]) => pushes.filter((p) => p.late).map((p) => `${p.chat.id}:${p.items.map((i) => i.code).join(',')}`);

    it('a window under way that nothing announced in a chat is kicked off there at the next kick-off time', () => {
      const pushes = planReminders(at('2026-10-15'), data([oct, goal, undated], { announced: [] }), settings);
      expect(pushes.map((p) => p.kind)).toEqual(['kickoff', 'kickoff']);
      expect(late(pushes)).toEqual(['2:OCT1', '3:OCT1']);
      expect(planReminders(at('2026-10-15', '10:00'), data([oct], { announced: [] }), settings)).toEqual([]);
    });

    it('only in chats that have not heard of it since the window began, and only to departments not done', () => {
      const d = data([oct], {
        announced: [{ chatId: 2, code: 'OCT1', firedAt: at('2026-10-08') }],
        confirmations: [],
      });
      expect(late(planReminders(at('2026-10-15'), d, settings))).toEqual(['3:OCT1']);
      const doneJiguan = data([oct], { announced: [], confirmations: [{ taskId: oct.id, windowIndex: 0, departmentId: DEPTS.jiguan, status: 'done' }] });
      expect(late(planReminders(at('2026-10-15'), doneJiguan, settings))).toEqual(['2:OCT1']);
      // An announcement of the task's July window does not cover its December window.
      const twice = task('TWO3', [win(7), win(12)], [DEPTS.hr]);
      const july = data([twice], { announced: [{ chatId: 2, code: 'TWO3', firedAt: at('2026-07-01') }] });
      expect(late(planReminders(at('2026-12-10'), july, settings))).toEqual(['2:TWO3']);
      expect(late(planReminders(at('2026-07-10'), july, settings))).toEqual([]);
    });

    it('on the nudge day the nudge stands for the late kick-off, all-year work too (its nudge is 12月25日)', () => {
      const year = task('YEAR', [win(1, 12)], [DEPTS.hr], { allYear: true });
      expect(summary(planReminders(at('2026-12-25'), data([year], { announced: [] }), settings))).toEqual(['nudge→组织人事处:YEAR']);
      expect(late(planReminders(at('2026-12-24'), data([year], { announced: [] }), settings))).toEqual(['2:YEAR']);
    });

    it('this very fire does not count, so running it again plans the same pushes; an earlier fire the same day does', () => {
      const d = data([oct], { announced: [{ chatId: 2, code: 'OCT1', firedAt: at('2026-10-15') }, { chatId: 3, code: 'OCT1', firedAt: at('2026-10-15') }] });
      expect(late(planReminders(at('2026-10-15'), d, settings))).toEqual(['2:OCT1', '3:OCT1']);
      expect(late(planReminders(at('2026-10-16'), d, settings))).toEqual([]);
      // A kick-off time moved later the same day (or a caught-up slot): what an earlier fire said counts.
      expect(late(planReminders(at('2026-10-15', '10:00'), d, reminderSettings({ kickoffTime: '10:00' })))).toEqual([]);
    });

    it('not on the nudge day (the nudge says it), and not after the window ended', () => {
      expect(summary(planReminders(at('2026-10-26'), data([oct], { announced: [] }), settings))).toEqual(['nudge→组织人事处:OCT1', 'nudge→机关工会:OCT1']);
      expect(late(planReminders(at('2026-10-27'), data([oct], { announced: [] }), settings))).toEqual(['2:OCT1', '3:OCT1']);
      expect(late(planReminders(at('2026-11-03'), data([oct], { announced: [] }), settings))).toEqual([]);
    });

    it('all-year tasks are announced late too; goals and undated tasks never', () => {
      const year = task('YR2', [win(1, 12)], [DEPTS.hr], { allYear: true });
      expect(late(planReminders(at('2026-06-10'), data([year, goal, undated], { announced: [] }), settings))).toEqual(['2:YR2']);
    });

    it('without the announcements read (data.announced absent) nothing is sent late', () => {
      expect(planReminders(at('2026-10-15'), data([oct]), settings)).toEqual([]);
    });
  });
});
