import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { replyText } from '../../src/core/reply.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * One message reporting several tasks, as typed on a phone, over the example plan on 2026-07-10: 机关工会 has V4W5
 * 托管班 (7-8月), H8W8 职工之家 (全年), and J5D8 / Y9G5 / C8U7 overdue; 局工会 has D6S9 送清凉 (7月); Z2C3 体检 is
 * 组织人事处's (9月).
 */
type Row = { status: string; note: string | null; figures: { value: number; unit: string }[] };

let database: Database;
let chat: ChatHarness;
const confirmations = (code: string) => database.rows<Row>(sql`select c.status, c.note, c.figures
  from confirmations c join tasks t on t.id = c.task_id where t.code = ${code} order by c.id`);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  chat = await chatHarness({ database, today: '2026-07-10' });
});
afterAll(async () => database?.close());

describe('several codes in one message', () => {
  it('a reply to a reminder of three tasks, reporting one done and “the other two” not yet: the one is done, nothing else', async () => {
    const overdue = '【已逾期】机关工会\n以下任务已过截止日期，尚未收到完成确认：\n'
      + '1. Y9G5 发放职工春节慰问品\n   2月28日截止（牵头）｜已完成请回复：完成 Y9G5\n'
      + '2. C8U7 “三八”妇女节主题活动\n   3月31日截止（配合，牵头：女职工委员会）｜已完成请回复：完成 C8U7\n'
      + '3. J5D8 组织职工春季健步走\n   5月31日截止（牵头）｜已完成请回复：完成 J5D8\n如有困难，请与工会办公室联系。';
    const t = await chat.as('赵主席', 'jiguan').says('健步走已完成，其他两项还没弄好', { quotedText: overdue })
      .expectReply('已记录：机关工会 完成 J5D8');
    expect(replyText(t.reply)).not.toMatch(/部分完成|数据：|两项还没弄好/);
    expect(await confirmations('J5D8')).toMatchObject([{ status: 'done', note: null, figures: [] }]);
    expect(await confirmations('Y9G5')).toEqual([]);
    expect(await confirmations('C8U7')).toEqual([]);
    await chat.as('赵主席', 'jiguan').says('撤销 J5D8').expectReply('已撤销');
  });

  it('each code gets the status of its own clause; a clause saying not done records nothing', async () => {
    await chat.as('赵主席', 'jiguan').says('V4W5已完成，慰问品Y9G5还没发')
      .expectReply('已记录：机关工会 完成 V4W5');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('Y9G5')).toEqual([]);
  });

  it('a numbered list (1. 2. / ①②) is one report per item, and the numbers are no note', async () => {
    await chat.as('赵主席', 'jiguan').says('1.J5D8已完成2.H8W8正在推进')
      .expectReply('已记录：机关工会 完成 J5D8', '已记录进展：机关工会 部分完成 H8W8');
    expect(await confirmations('J5D8')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('H8W8')).toMatchObject([{ status: 'partial', note: null }]);

    await chat.as('赵主席', 'jiguan').says('①Y9G5已完成②C8U7已完成')
      .expectReply('已记录：机关工会 完成 Y9G5', '已记录：机关工会 完成 C8U7');
    expect(await confirmations('Y9G5')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('C8U7')).toMatchObject([{ status: 'done', note: null }]);

    const listed = await chat.as('王主席', 'office').says('1.D6S9已完成 2.Z2C3下周完成').expectReply('已记录：局工会 完成 D6S9');
    expect(replyText(listed.reply)).not.toMatch(/Z2C3 组织职工|提前/);
    await chat.as('王主席', 'office').says('1、D6S9 已完成，慰问一线职工120人\n2、Z2C3 下周完成')
      .expectNoMatch('Z2C3 组织职工', '提前');
    expect(await confirmations('D6S9')).toMatchObject([{ status: 'done', note: '慰问一线职工120人', figures: [{ value: 120, unit: '人' }] }]);
    expect(await confirmations('Z2C3')).toEqual([]);
  });

  it('when one task of the message is refused, the answer says that nothing of the message was recorded', async () => {
    await chat.as('赵主席', 'jiguan').says('H8W8已完成；D6S9已完成')
      .expectReply('D6S9 送清凉高温慰问一线职工 由局工会、各基层工会负责，不是机关工会的任务。',
        '本条消息未记录任何任务（包括 H8W8），请去掉 D6S9 后重新发送。');
    await chat.as('赵主席', 'jiguan').says('H8W8、D6S9都完成了').expectReply('本条消息未记录任何任务（包括 H8W8）');
    expect(await confirmations('H8W8')).toMatchObject([{ status: 'partial' }]);
    // No right to confirm for the department: leaving one task out would not help, so none is named.
    await chat.as('陈会计', 'jiguan', { userId: 'chen' }).says('H8W8已完成；V4W5已完成')
      .expectReply('机关工会的完成情况需由负责人（赵主席）确认', '本条消息未记录任何任务。');
    expect(await confirmations('H8W8')).toMatchObject([{ status: 'partial' }]);
  });
});

describe('several tasks named by title in one message', () => {
  const clear = () => database.rows(sql`delete from confirmations`);

  it('两项 joined by 和、、or 也, or in a numbered list: each is recorded with its own status', async () => {
    await clear();
    await chat.as('赵主席', 'jiguan').says('V4W5和健步走都完成了')
      .expectReply('已记录：机关工会 完成 V4W5', '已记录：机关工会 完成 J5D8');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('J5D8')).toMatchObject([{ status: 'done', note: null }]);

    await clear();
    await chat.as('赵主席', 'jiguan').says('托管班已完成，共接收职工子女120人，健步走也完成了')
      .expectReply('已记录：机关工会 完成 V4W5', '已记录：机关工会 完成 J5D8');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: '共接收职工子女120人', figures: [{ value: 120, unit: '人' }] }]);
    expect(await confirmations('J5D8')).toMatchObject([{ status: 'done', note: null, figures: [] }]);

    await clear();
    await chat.as('赵主席', 'jiguan').says('1、托管班已完成 2、职工之家建设正在推进')
      .expectReply('已记录：机关工会 完成 V4W5', '已记录进展：机关工会 部分完成 H8W8');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('H8W8')).toMatchObject([{ status: 'partial', note: null }]);

    await clear();
    await chat.as('王主席', 'office').says('送清凉、体检都已完成')
      .expectReply('已记录：局工会 完成 D6S9', '已记录：局工会 完成 Z2C3');
    expect(await confirmations('D6S9')).toMatchObject([{ status: 'done' }]);
    expect(await confirmations('Z2C3')).toMatchObject([{ status: 'done' }]);
  });

  it('a name that is another department’s task: nothing is recorded, and the reply says which to send apart', async () => {
    await clear();
    const t = await chat.as('赵主席', 'jiguan').says('V4W5和体检都完成了')
      .expectReply('“体检”是 Z2C3', '不是机关工会的任务', '本条消息未记录任何任务（包括 V4W5）');
    expect(replyText(t.reply)).not.toMatch(/已记录|全部确认完成/);
    expect(await confirmations('V4W5')).toEqual([]);
  });

  it('words after a task that name no other task stay its note; a task said not done is left out', async () => {
    await clear();
    await chat.as('王主席', 'office').says('送清凉已完成，慰问一线职工120人')
      .expectReply('已记录：局工会 完成 D6S9');
    expect(await confirmations('D6S9')).toMatchObject([{ status: 'done', note: '慰问一线职工120人' }]);
    await chat.as('赵主席', 'jiguan').says('托管班已完成，健步走还没弄好').expectReply('已记录：机关工会 完成 V4W5');
    expect(await confirmations('V4W5')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('J5D8')).toEqual([]);
  });
});

describe('replying to a reminder that lists several tasks', () => {
  const clear = () => database.rows(sql`delete from confirmations`);
  const kickoff = '【任务开始】局工会\n以下任务本月开始，请按时落实：\n'
    + '1. Q2N3 工会年报年统\n   12月31日截止（牵头）｜完成后回复：完成 Q2N3\n'
    + '2. R8P4 年终劳动竞赛评比表彰\n   12月31日截止（牵头）｜完成后回复：完成 R8P4\n'
    + '在群里@我回复即可，可附简要情况，如“完成 Q2N3 已办结”。';
  const overdue = '【已逾期】机关工会\n以下任务已过截止日期，尚未收到完成确认：\n'
    + '1. Y9G5 发放职工春节慰问品\n   2月28日截止（牵头）｜已完成请回复：完成 Y9G5\n'
    + '2. C8U7 “三八”妇女节主题活动\n   3月31日截止（配合，牵头：女职工委员会）｜已完成请回复：完成 C8U7\n'
    + '3. J5D8 组织职工春季健步走\n   5月31日截止（牵头）｜已完成请回复：完成 J5D8\n如有困难，请与工会办公室联系。';
  afterAll(() => chat.setToday('2026-07-10'));

  it('“都已完成” / “全部完成” records every quoted task of the department', async () => {
    await clear();
    chat.setToday('2026-12-10');
    await chat.as('王主席', 'office').says('都已完成', { quotedText: kickoff })
      .expectReply('已记录：局工会 完成 Q2N3', '已记录：局工会 完成 R8P4');
    expect(await confirmations('Q2N3')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('R8P4')).toMatchObject([{ status: 'done', note: null }]);

    chat.setToday('2026-07-10');
    await chat.as('赵主席', 'jiguan').says('全部完成', { quotedText: overdue })
      .expectReply('完成 Y9G5', '完成 C8U7', '完成 J5D8');
    for (const code of ['Y9G5', 'C8U7', 'J5D8']) expect(await confirmations(code)).toMatchObject([{ status: 'done' }]);
  });

  it('“第1项已完成”, “1和3已完成”, “1已完成 2还在评审” go by the reminder’s numbers', async () => {
    await clear();
    chat.setToday('2026-12-10');
    await chat.as('王主席', 'office').says('第1项已完成', { quotedText: kickoff }).expectReply('已记录：局工会 完成 Q2N3');
    expect(await confirmations('R8P4')).toEqual([]);
    await clear();
    await chat.as('王主席', 'office').says('1已完成 2还在评审', { quotedText: kickoff }).expectReply('已记录：局工会 完成 Q2N3');
    expect(await confirmations('Q2N3')).toMatchObject([{ status: 'done', note: null }]);
    expect(await confirmations('R8P4')).toEqual([]);

    chat.setToday('2026-07-10');
    await chat.as('赵主席', 'jiguan').says('1和3已完成', { quotedText: overdue })
      .expectReply('已记录：机关工会 完成 Y9G5', '已记录：机关工会 完成 J5D8');
    expect(await confirmations('C8U7')).toEqual([]);
  });

  it('a reply that does not say which is asked about, listing every task it counts, with the ways to answer', async () => {
    await clear();
    chat.setToday('2026-12-10');
    await chat.as('王主席', 'office').says('收到，已完成', { quotedText: kickoff })
      .expectReply('有 2 项任务，请问是哪一项', '· Q2N3', '· R8P4', '如“第1项已完成”', '如都已完成，请回复“都已完成”');
    expect(await confirmations('Q2N3')).toEqual([]);

    // A reply listing the month's tasks, two of them this department's: both are listed, by number in the list.
    chat.setToday('2026-07-10');
    const month = '2026年7月的任务（4 项）\nD6S9 送清凉高温慰问一线职工｜7-8月｜局工会、各基层工会\n'
      + 'V4W5 职工子女暑期托管班｜7-8月｜机关工会\n全年任务 2 项：Q2Z9 困难职工帮扶和医疗互助；H8W8 职工之家建设\n发送任务编号可查看详情。';
    await chat.as('赵主席', 'jiguan').says('已完成', { quotedText: month })
      .expectReply('有 2 项机关工会的任务，请问是哪一项', '· V4W5', '· H8W8');
    await chat.as('赵主席', 'jiguan').says('第二项已完成', { quotedText: month }).expectReply('已记录：机关工会 完成 V4W5');
    expect(await confirmations('H8W8')).toEqual([]);
  });
});
