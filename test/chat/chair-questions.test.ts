import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * The union chair's questions (findings s10) over the example plan (examples/plan-2026.md): G8R6 春节走访慰问 1-2月
 * 局工会 + 组织人事处, Y9G5 春节慰问品 1-2月 机关工会, C8U7 三八 3月 女职工委员会 + 机关工会, M4K7 参保 3-4月 …
 * The confirmations below are sent in chat, as the departments would.
 */
let database: Database;
let chat: ChatHarness;
const confirmationCount = async () =>
  (await database.rows<{ n: number }>(sql`select count(*)::int as n from confirmations`))[0]!.n;

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  chat = await chatHarness({ database, today: '2026-02-26' });
  await chat.as('李处长', 'hr').says('完成 G8R6').expectReply('已记录：组织人事处 完成 G8R6');
  chat.setToday('2026-02-27');
  await chat.as('赵主席', 'jiguan').says('完成 Y9G5').expectReply('已记录：机关工会 完成 Y9G5');
  chat.setToday('2026-03-30');
  await chat.as('赵主席', 'jiguan').says('完成 C8U7').expectReply('已记录：机关工会 完成 C8U7');
});
afterAll(async () => database?.close());

describe('how many were done (#9)', () => {
  it('counts last month’s work, by department, and records nothing', async () => {
    chat.setToday('2026-03-31');
    const before = await confirmationCount();
    for (const text of ['上个月完成了几项', '上个月完成几项', '上个月完成了多少项']) {
      await chat.as('王主席', 'office').says(text)
        .expectReply('2026年2月的任务已确认完成 2 项：G8R6、Y9G5', '组织人事处 1 项（G8R6）', '机关工会 1 项（Y9G5）')
        .then((t) => expect(t.intent).toBe('done-count'));
    }
    await chat.as('王主席', 'office').says('完成了多少').expectReply('2026年（截至3月31日）确认完成 3 项', '机关工会 2 项（Y9G5、C8U7）');
    await chat.as('王主席', 'office').says('这个月比上个月多完成了几项')
      .expectReply('2026年3月的任务已确认完成 1 项，2026年2月的任务已确认完成 2 项，本月比上月少完成 1 项。');
    expect(await confirmationCount()).toBe(before);
  });

  it('counts a department’s own work in its group, and 我们 in the office as the office’s', async () => {
    await chat.as('赵主席', 'jiguan').says('我们完成了几项？').expectReply('机关工会 2026年（截至3月31日）确认完成 2 项：Y9G5、C8U7')
      .then((t) => expect(t.intent).toBe('done-count'));
    await chat.as('陈会计', 'finance').says('上个月完成了几项').expectReply('财务处 2026年2月的任务还没有一项确认完成。');
    await chat.as('王主席', 'office').says('我们完成了几项？').expectReply('局工会 2026年（截至3月31日）还没有确认完成的任务。');
    await chat.as('王主席', 'office').says('上个月完成了哪些').expectReply('2026年2月已完成（2 项）');
  });
});

describe('what is due soon (#6)', () => {
  it('lists the tasks whose deadline falls in the week, the next days or tomorrow, with who has not confirmed', async () => {
    chat.setToday('2026-02-27');
    for (const text of ['这周要截止的', '本周截止的任务']) {
      await chat.as('王主席', 'office').says(text).expectReply('本周（2月23日-3月1日）截止的任务（2 项）',
        'G8R6 春节走访慰问困难职工和一线职工｜2月28日截止\n  未确认：局工会', 'Y9G5 发放职工春节慰问品｜2月28日截止\n  已全部确认完成')
        .then((t) => expect(t.intent).toBe('deadlines'));
    }
    for (const text of ['临近截止', '快到期的任务']) {
      await chat.as('王主席', 'office').says(text).expectReply('近5个工作日内截止的任务（2 项）', 'G8R6', 'Y9G5');
    }
    await chat.as('王主席', 'office').says('明天截止的有哪些').expectReply('明天（2月28日）截止的任务（2 项）');
  });

  it('names the next deadline when nothing is due in the window, instead of an empty list', async () => {
    chat.setToday('2026-02-10');
    await chat.as('王主席', 'office').says('快到期的任务')
      .expectReply('近5个工作日内没有截止的任务。\n下一个截止日是2月28日：', 'G8R6')
      .then((t) => expect(t.intent).toBe('deadlines'));
    chat.setToday('2026-03-02');
    await chat.as('王主席', 'office').says('这周要截止的')
      .expectReply('本周（3月2日-3月8日）没有截止的任务。\n下一个截止日是3月31日：', 'C8U7')
      .then((t) => expect(t.intent).toBe('deadlines'));
  });
});

describe('what falls due in a month, a quarter or by the year end', () => {
  it('lists the tasks whose deadline falls in the months named, past or to come, with who has not confirmed', async () => {
    chat.setToday('2026-03-10');
    for (const text of ['2月截止的任务', '上个月到期的有哪些', '二月份截止的']) {
      await chat.as('王主席', 'office').says(text).expectReply('2月截止的任务（2 项）',
        'G8R6 春节走访慰问困难职工和一线职工｜2月28日截止\n  未确认：局工会', 'Y9G5 发放职工春节慰问品｜2月28日截止\n  已全部确认完成')
        .then((t) => expect(t.intent).toBe('deadlines'));
    }
    await chat.as('王主席', 'office').says('第一季度截止的任务').expectReply('1-3月截止的任务（', 'G8R6', 'C8U7');
    await chat.as('王主席', 'office').says('年底前要截止的').expectReply('截止的任务（', 'Z2C3 组织职工健康体检｜9月30日截止');
  });
});

describe('when a task is due, asked with its name', () => {
  it('answers "体检什么时候截止" with the task, its months and its deadline, not “not found”', async () => {
    chat.setToday('2026-07-10');
    for (const text of ['体检什么时候截止', '体检哪天到期', '体检的截止日期']) {
      await chat.as('王主席', 'office').says(text)
        .expectReply('组织职工健康体检：9月。\n截止日期：9月30日。', '编号 Z2C3')
        .then((t) => expect(t.intent).toBe('when'));
    }
    // Asked without the deadline words, the answer stays as it was.
    await chat.as('王主席', 'office').says('体检什么时候').expectReply('组织职工健康体检：9月。');
    await chat.as('王主席', 'office').says('体检什么时候').expectNoMatch('截止');
    await chat.as('王主席', 'office').says('职工之家建设什么时候截止')
      .expectReply('职工之家建设：全年。\n截止日期：12月31日（全年任务，年底前确认完成）。', '编号 H8W8');
  });
});

describe('who is behind on overdue work (#2)', () => {
  it('names the department in the office’s and 各部门 lists, even when only one is behind', async () => {
    chat.setToday('2026-03-31');
    for (const [who, where, text] of [['王主席', 'office', '逾期'], ['王主席', 'office', '各部门逾期'], ['王主席', 'office', '逾期的有哪些，谁负责'], ['赵主席', 'jiguan', '各部门逾期']]) {
      await chat.as(who!, where).says(text!).expectReply('2026年逾期未确认（1 项）', 'G8R6 春节走访慰问困难职工和一线职工｜2月28日截止，已逾期\n  未确认：局工会');
    }
  });

  it('keeps a department’s own list to one line a task', async () => {
    chat.setToday('2026-05-02');
    await chat.as('陈会计', 'finance').says('逾期').expectReply('财务处 2026年逾期未确认（1 项）', 'M4K7 职工互助保障计划参保｜4月30日截止，已逾期')
      .then((t) => expect(t.reply.lines.join('\n')).not.toContain('未确认：'));
  });
});

describe('spoken forms of questions the bot answers (#10)', () => {
  it('drops filler words (重点, 责任部门, 那边, 咋样, 已经) and reads 本越 as 本月', async () => {
    chat.setToday('2026-09-30');
    await chat.as('王主席', 'office').says('本季度重点工作').expectReply('2026年7-9月的任务（', '组织职工健康体检');
    await chat.as('王主席', 'office').says('下半年有哪些重点任务').expectReply('2026年7-12月的任务（', '职工运动会');
    await chat.as('王主席', 'office').says('哪些任务逾期了？责任部门是谁').expectReply('2026年逾期未确认（', '  未确认：女职工委员会');
    await chat.as('王主席', 'office').says('组织人事处还有啥没弄完').expectReply('组织人事处 2026年9月及此前未完成（', 'Z2C3 组织职工健康体检｜9月30日截止');
    await chat.as('王主席', 'office').says('还有啥没弄完').expectReply('2026年9月及此前未完成（');
    await chat.as('王主席', 'office').says('机关工会那边进度咋样').expectReply('机关工会 2026年9月完成情况', '另有以前月份逾期未完成 2 项');
    await chat.as('王主席', 'office').says('赵主席那边进度咋样')
      .expectReply('机关工会 2026年9月完成情况', '（任务按部门安排，以下是赵主席所在的机关工会的情况。）', '另有以前月份逾期未完成 2 项');
    await chat.as('王主席', 'office').says('本越任务').expectReply('2026年9月的任务（', '组织职工健康体检');
  });

  it('answers whether a task is done, however it is asked, and records nothing', async () => {
    const before = await confirmationCount();
    for (const [who, where] of [['王主席', 'office'], ['赵主席', 'jiguan']]) {
      for (const text of ['托管班完成没有？', '托管班完成了？', '托管班已经完成了吗', '托管班完成了吗']) {
        await chat.as(who!, where).says(text).expectReply('V4W5 职工子女暑期托管班（7-8月）', '机关工会：逾期未确认')
          .then((t) => expect(t.intent, text).toBe('progress'));
      }
    }
    expect(await confirmationCount()).toBe(before);
  });
});

describe('progress lines read plainly (#14)', () => {
  it('says work not yet due is 未开始, not “完成 0/0”', async () => {
    chat.setToday('2026-01-05');
    await chat.as('王主席', 'office').says('12月进度').expectReply('2026年12月完成情况', '均未开始：', '局工会：未开始 2')
      .then((t) => expect(t.reply.lines.join('\n')).not.toContain('0/0'));
  });

  it('names a real department in the hint of a cut-short list', async () => {
    chat.setToday('2026-12-31');
    await chat.as('王主席', 'office').says('今年还有哪些没完成').expectReply(/请加上部门缩小范围，如“[^某”]+全年未完成”/)
      .then((t) => expect(t.reply.lines.join('\n')).not.toContain('某某部'));
  });
});
