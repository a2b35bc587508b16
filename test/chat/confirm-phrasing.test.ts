import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { replyText } from '../../src/core/reply.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * How branch heads report on a phone, over the example plan: what they mean must be what is recorded.
 * Z4E7 职工运动会 11月 (机关工会, 局工会); R8P4 年终表彰 and Q2N3 年报年统 12月 (局工会 …); V4W5 暑期托管班 7-8月
 * and J5D8 健步走 4-5月 (机关工会); G8R6 春节慰问 1-2月 and Q5C9 五一表彰 5月 (局工会, 组织人事处).
 */
type Row = { code: string; department: string; status: string; note: string | null; figures: { value: number; unit: string }[] };

let database: Database;
let chat: ChatHarness;
const confirmations = (code: string) => database.rows<Row>(sql`select t.code, d.name as department, c.status, c.note, c.figures
  from confirmations c join tasks t on t.id = c.task_id join departments d on d.id = c.department_id where t.code = ${code} order by c.id`);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  chat = await chatHarness({ database, today: '2026-12-22' });
});
afterAll(async () => database?.close());

describe('what a reply means is what is recorded', () => {
  it('work said to be still to come is not recorded as done', async () => {
    chat.setToday('2026-12-22');
    for (const text of ['Z4E7还没有弄好，下周完成', 'Z4E7 计划下周完成', 'Z4E7 还差一点就完成了']) {
      await chat.as('王主席', 'office').says(text).expectNoMatch('已记录');
    }
    expect(await confirmations('Z4E7')).toEqual([]);
  });

  it('a day to come said with 就…了 is a promise: nothing is recorded, and the reply says so', async () => {
    chat.setToday('2026-07-10');
    await chat.as('赵主席', 'jiguan').says('V4W5 下周就完成了').expectReply('V4W5 尚未完成，本条未作记录');
    await chat.as('赵主席', 'jiguan').says('V4W5明天就弄好了').expectReply('V4W5 尚未完成，本条未作记录');
    await chat.as('赵主席', 'jiguan').says('下个月就搞完了').expectReply('本条未记录为完成');
    expect(await confirmations('V4W5')).toEqual([]);
  });

  it('a code said not to be meant (不是 Y9G5) is not recorded; correcting an earlier message says how to take it back', async () => {
    chat.setToday('2026-07-10');
    await chat.as('赵主席', 'jiguan').says('C8U7已完成，不是Y9G5').expectReply('已记录：机关工会 完成 C8U7', '本条未记录 Y9G5');
    expect(await confirmations('Y9G5')).toEqual([]);
    expect(await confirmations('C8U7')).toMatchObject([{ status: 'done', note: null }]);
    await chat.as('赵主席', 'jiguan').says('撤销 C8U7').expectReply('已撤销');

    await chat.as('赵主席', 'jiguan').says('Y9G5已完成').expectReply('已记录：机关工会 完成 Y9G5');
    await chat.as('赵主席', 'jiguan').says('刚才说错了，不是Y9G5，是C8U7已完成')
      .expectReply('已记录：机关工会 完成 C8U7', 'Y9G5 此前已记录为完成，本条未作改动；如需撤销，请发送“撤销 Y9G5”');
    expect(await confirmations('Y9G5')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('C8U7')).toMatchObject([{ status: 'done', note: null }]);
  });

  it('two tasks in one message, each with its own words: each gets its own status, note and figures', async () => {
    chat.setToday('2026-12-20');
    await chat.as('王主席', 'office').says('R8P4 已完成 表彰先进集体５个、个人２０名；Q2N3 正在推进')
      .expectReply('已记录：局工会 完成 R8P4', '已记录进展：局工会 部分完成 Q2N3');
    expect(await confirmations('R8P4')).toMatchObject([{ status: 'done', note: '表彰先进集体5个、个人20名',
      figures: [{ value: 5, unit: '个' }, { value: 20, unit: '名' }] }]);
    expect(await confirmations('Q2N3')).toMatchObject([{ status: 'partial', note: null, figures: [] }]);
  });

  it('confirming again in other words keeps the report; words like 已经 / 都 / 的 are no note', async () => {
    chat.setToday('2026-11-30');
    await chat.as('赵主席', 'jiguan').says('完成 z4e7 运动会参加３２０人。').expectReply('已记录：机关工会 完成 Z4E7');
    await chat.as('赵主席', 'jiguan').says('Ｚ４Ｅ７已经搞定了！').expectReply('此前已确认完成', '无需重复确认');
    expect(await confirmations('Z4E7')).toMatchObject([{ department: '机关工会', note: '运动会参加320人', figures: [{ value: 320, unit: '人' }] }]);
    chat.setToday('2026-06-01');
    await chat.as('李处长', 'hr').says('G8R6 和 Q5C9 都完成了').expectReply('已记录：组织人事处 完成 G8R6', '已记录：组织人事处 完成 Q5C9');
    expect((await confirmations('G8R6'))[0]!.note).toBeNull();
    expect((await confirmations('Q5C9'))[0]!.note).toBeNull();
  });

  it('“正在推进” on work confirmed done does not reopen it', async () => {
    chat.setToday('2026-08-20');
    await chat.as('赵主席', 'jiguan').says('V4W5 已完成 托管３个班').expectReply('已记录：机关工会 完成 V4W5');
    await chat.as('赵主席', 'jiguan').says('V4W5 正在推进').expectReply('已确认完成', '未改为部分完成', '请先发送“撤销 V4W5”');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: '托管3个班' }]);
  });

  it('“我还有什么没做” in a department’s group lists that department’s open work; “助手，…” is a question to the bot', async () => {
    chat.setToday('2026-12-15');
    await chat.as('李处长', 'hr').says('我还有什么没做').expectReply('组织人事处', '未完成');
    await chat.as('李处长', 'hr').says('我还有什么没做').expectNoMatch('没有理解', '财务处');
    await chat.as('李处长', 'hr').says('助手，下个月干嘛').expectReply('2027年1月');
    await chat.as('李处长', 'hr').says('助手，下个月干嘛').expectNoMatch('“助手”');
  });

  it('last year’s plan’s work due this January is in this year’s 逾期 and 全年未完成, as in 进度', async () => {
    chat.setToday('2027-02-03');
    await chat.as('王主席', 'office').says('逾期').expectReply('2027年逾期未确认（1 项）', 'E9J4 局工会换届选举筹备');
    await chat.as('王主席', 'office').says('全年未完成').expectReply('E9J4');
    await chat.as('王主席', 'office').says('进度').expectReply('另有以前月份逾期未完成 1 项：E9J4');
  });

  it('“撤回刚才的确认” takes back the sender’s latest confirming message, all of it, and nothing else', async () => {
    chat.setToday('2026-12-29');
    await chat.as('李处长', 'hr').says('完成 G8R6 补记').expectReply('已更新');
    await chat.as('李处长', 'hr').says('完成 R8P4、E9J4').expectReply('已记录：组织人事处 完成 R8P4', '已记录：组织人事处 完成 E9J4');
    await chat.as('李处长', 'hr').says('撤回刚才的确认')
      .expectReply('已撤销：组织人事处 R8P4', '已撤销：组织人事处 E9J4');
    const status = async (code: string, department: string) =>
      (await confirmations(code)).find((r) => r.department === department)?.status;
    expect(await status('R8P4', '组织人事处')).toBe('undone');
    expect(await status('E9J4', '组织人事处')).toBe('undone');
    // The message before, and another department's confirmation of the same task, stand.
    expect(await status('G8R6', '组织人事处')).toBe('done');
    expect(await status('R8P4', '局工会')).toBe('done');
    // Asked again: that message is taken back already; the one before it (G8R6) is not taken back unasked.
    await chat.as('李处长', 'hr').says('撤回刚才的确认').expectReply('您最近一条确认消息已经撤销，没有需要撤回的确认');
    expect(await status('G8R6', '组织人事处')).toBe('done');
    // A confirmation taken back by its code counts as the latest message too.
    await chat.as('李处长', 'hr').says('R8P4 正在推进').expectReply('已记录进展');
    await chat.as('李处长', 'hr').says('撤销 R8P4').expectReply('已撤销');
    await chat.as('李处长', 'hr').says('撤回刚才的确认').expectReply('已经撤销');
    expect(await status('G8R6', '组织人事处')).toBe('done');
    // Someone with no confirmation of their own is told so, not shown the department's confirmations.
    await chat.as('陈会计', 'hr').says('撤回刚才的确认').expectReply('没有找到您近一天内的确认记录，无需撤回');
  });

  it('a task confirmed before its months is recorded as done early, and the reply says so', async () => {
    chat.setToday('2026-03-05');
    const early = await chat.as('赵主席', 'jiguan').says('J5D8 健步走完成').expectReply('已记录：机关工会 完成 J5D8', '该任务计划于4-5月开展，已按提前完成记录');
    // The way to take it back is said once.
    expect(replyText(early.reply).split('“撤销 J5D8”').length - 1).toBe(1);
    // Looking the task up shows the early confirmation, not "not time yet".
    const detail = await chat.as('赵主席', 'jiguan').says('J5D8').expectReply('完成情况：机关工会：已完成（赵主席');
    expect(replyText(detail.reply)).toContain('4-5月开始，已提前确认');
    expect(replyText(detail.reply)).not.toContain('还没到时间');
  });
  it('spoken ways of saying done (已经搞完了, 已经圆满结束, 已发放, 发下去了, 已经发了) name the task and record it', async () => {
    chat.setToday('2026-07-10');
    const clear = () => database.rows(sql`delete from confirmations`);
    await clear();
    await chat.as('赵主席', 'jiguan').says('托管班已经搞完了').expectReply('已记录：机关工会 完成 V4W5');
    await clear();
    await chat.as('赵主席', 'jiguan').says('暑期托管班已经圆满结束了共接收职工子女一百二十人次花费三万二千元')
      .expectReply('已记录：机关工会 完成 V4W5', '数据：一百二十人次、三万二千元');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: '共接收职工子女一百二十人次花费三万二千元' }]);
    await chat.as('赵主席', 'jiguan').says('健步走五月份已经搞完了').expectReply('已记录：机关工会 完成 J5D8');
    for (const text of ['慰问品已发放', '慰问品都发下去了']) {
      await clear();
      await chat.as('赵主席', 'jiguan').says(text).expectReply('已记录：机关工会 完成 Y9G5');
    }
    await clear();
    const overdue = '【已逾期】机关工会\n以下任务已过截止日期，尚未收到完成确认：\n'
      + '1. Y9G5 发放职工春节慰问品\n   2月28日截止（牵头）｜已完成请回复：完成 Y9G5\n'
      + '2. J5D8 组织职工春季健步走\n   5月31日截止（牵头）｜已完成请回复：完成 J5D8';
    await chat.as('赵主席', 'jiguan').says('慰问品已经发了', { quotedText: overdue }).expectReply('已记录：机关工会 完成 Y9G5');
    expect(await confirmations('Y9G5')).toMatchObject([{ status: 'done', note: null }]);
    await clear();
  });
  it('a code typed with spaces or said with Chinese digits (V4 W5, V四W五, v 4 w 5) is that code, when it is one', async () => {
    chat.setToday('2026-07-10');
    for (const text of ['V4 W5已完成', 'V四W五已完成', 'v 4 w 5 完成了']) {
      await database.rows(sql`delete from confirmations`);
      await chat.as('赵主席', 'jiguan').says(text).expectReply('已记录：机关工会 完成 V4W5');
      expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: null }]);
    }
    await chat.as('赵主席', 'jiguan').says('V四W五').expectReply('V4W5 职工子女暑期托管班');
    await database.rows(sql`delete from confirmations`);
  });
  it('courtesies and particles around a report (好的, 收到, 谢谢王主席, a lone 了) are no note', async () => {
    chat.setToday('2026-07-10');
    const kickoff = '【任务开始】机关工会\n以下任务本月开始，请按时落实：\n1. V4W5 职工子女暑期托管班\n   8月31日截止（牵头）｜完成后回复：完成 V4W5';
    const said = [['好的，已经完成了', kickoff], ['收到 已完成', kickoff], ['V4W5完成了谢谢王主席', undefined], ['V4W5已完成，谢谢', undefined]] as const;
    for (const [text, quotedText] of said) {
      await database.rows(sql`delete from confirmations`);
      const t = await chat.as('赵主席', 'jiguan').says(text, quotedText ? { quotedText } : {}).expectReply('已记录：机关工会 完成 V4W5');
      expect(replyText(t.reply)).not.toContain('说明');
      expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: null }]);
    }
    await database.rows(sql`delete from confirmations`);
    await chat.as('赵主席', 'jiguan').says('已完成，托管一百二十人谢谢', { quotedText: kickoff }).expectReply('说明：托管一百二十人');
    expect(await confirmations('V4W5')).toMatchObject([{ note: '托管一百二十人', figures: [{ value: 120, unit: '人' }] }]);
    await database.rows(sql`delete from confirmations`);
  });

  it('a status said twice (已发放完毕, 已完成完毕啦, 已顺利完成) leaves no note; the same words inside a report stay', async () => {
    chat.setToday('2026-02-27');
    for (const text of ['春节慰问品已发放完毕', 'Y9G5 已完成完毕啦', 'Y9G5 已顺利完成', '春节慰问品已经发放完成了']) {
      await database.rows(sql`delete from confirmations`);
      const t = await chat.as('赵主席', 'jiguan').says(text).expectReply('已记录：机关工会 完成 Y9G5');
      expect(replyText(t.reply)).not.toContain('说明');
      expect(await confirmations('Y9G5')).toMatchObject([{ status: 'done', note: null }]);
    }
    await database.rows(sql`delete from confirmations`);
    await chat.as('赵主席', 'jiguan').says('Y9G5 已完成，发放完毕共120份').expectReply('说明：发放完毕共120份');
    expect(await confirmations('Y9G5')).toMatchObject([{ note: '发放完毕共120份', figures: [{ value: 120, unit: '份' }] }]);
    await database.rows(sql`delete from confirmations`);
  });
});
