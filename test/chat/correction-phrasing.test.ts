import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * What a correction is not, and what it does not change (example plan, 机关工会群 "jiguan"): reports, take-backs,
 * promises, a wrong code, a date, a status, several values at once. Nothing is written unless the reply says so.
 * V4W5 暑期托管班 7-8月, J5D8 健步走 4-5月, C8U7 三八 3月, Y9G5 春节慰问品 1-2月 (机关工会); E4G4 经费审查 10月、12月 (财务处 …).
 */
type Row = { code: string; window_index: number; status: string; note: string | null };

let database: Database;
let chat: ChatHarness;
const head = () => chat.as('赵主席', 'jiguan');
const KICKOFF = '【任务开始】机关工会\n以下任务本月开始，请按时落实：\n1. V4W5 职工子女暑期托管班\n   8月31日截止（牵头）｜完成后回复：完成 V4W5';

const rows = (code: string) => database.rows<Row>(sql`select t.code, c.window_index, c.status, c.note from confirmations c
  join tasks t on t.id = c.task_id where t.code = ${code} order by c.window_index`);
const correctionCount = async () =>
  (await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'confirmation.correct'`))[0]!.n;

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  chat = await chatHarness({ database, today: '2026-07-10' });
});
afterAll(async () => database?.close());
beforeEach(() => chat.setToday('2026-07-10'));

describe('corrections and the messages they must not be taken for', () => {
  it('before anything is confirmed: a correction records nothing, a report with correction words is still a report', async () => {
    await head().says('V4W5 人数改为130').expectReply('机关工会还没有确认 V4W5 职工子女暑期托管班，无需更正', '如已完成，请发送“完成 V4W5 130人”');
    await head().says('人数应为130', { quotedText: KICKOFF }).expectReply('机关工会还没有确认 V4W5');
    expect(await rows('V4W5')).toEqual([]);
    await head().says('更正：V4W5 已完成，托管130人').expectReply('已记录：机关工会 完成 V4W5', '说明：托管130人');
    expect(await rows('V4W5')).toMatchObject([{ status: 'done', note: '托管130人' }]);
    await head().says('J5D8已完成，路线改为沿江绿道').expectReply('已记录：机关工会 完成 J5D8', '说明：路线改为沿江绿道');
    expect(await correctionCount()).toBe(0);
  });

  it('reports, take-backs and promises are read as before', async () => {
    await head().says('C8U7已完成，不是Y9G5').expectReply('已记录：机关工会 完成 C8U7', '本条未记录 Y9G5');
    await head().says('Y9G5已完成').expectReply('已记录：机关工会 完成 Y9G5');
    await head().says('刚才说错了，不是Y9G5，是C8U7已完成').expectReply('C8U7', 'Y9G5 此前已记录为完成，本条未作改动');
    await head().says('Y9G5 写错了，撤销').expectReply('已撤销：机关工会 Y9G5');
    expect(await rows('Y9G5')).toMatchObject([{ status: 'undone' }]);
    await head().says('Y9G5 下周就完成了').expectReply('Y9G5 尚未完成，本条未作记录');
    await head().says('送清凉应为几月').expectIntent('when');
    expect(await correctionCount()).toBe(0);
  });

  it('what only looks like a correction of the note is answered, and changes nothing', async () => {
    // The message, then what the reply says.
    const cases = [
      ['V4W5 写错了，应该是J5D8', '如果是编号写错了：请先发送“撤销 V4W5”，再发送“完成 J5D8 …”'],
      ['V4W5 改为下周完成', '“下周完成”是说还没有完成，本条未作改动'],
      ['更正：V4W5 部分完成，报名90人', '不改完成状态，本条未作改动'],
      ['V4W5 完成日期应为7月8日', '完成日期暂不能在群里更正'],
      ['V4W5 地点改为职工之家', '情况说明无法只改其中一项，本条未作改动'],
      ['V4W5 人数改为140，金额改为2万元', '一次改几处时，本条未作改动'],
      ['V4W5 人数改为140，J5D8 人数改为80', '一条消息请只更正一项任务'],
      ['V4W5 写错了', '请把正确的内容一起发给我', '原说明：托管130人'],
      ['V4W5 写错了怎么改', '请发送“更正 V4W5 正确的说明”', '撤销 V4W5'],
      ['人数改为140', '请问更正哪项任务？机关工会已确认的有', '· V4W5 职工子女暑期托管班', '请写明编号，如“C8U7 人数改为140”'],
      ['K7Q2 人数改为140', '没有找到编号为 K7Q2 的任务'],
    ];
    for (const [text, ...want] of cases) {
      await head().says(text!).expectReply(...want).then((t) => expect(t.intent, text).toBe('correct'));
    }
    expect(await rows('V4W5')).toMatchObject([{ status: 'done', note: '托管130人' }]);
    expect(await rows('J5D8')).toMatchObject([{ status: 'done', note: '路线改为沿江绿道' }]);
    expect(await correctionCount()).toBe(0);
    // Said again with the status, it is a report again, whose words replace the note, as they always did.
    await head().says('J5D8已完成，路线改为滨河步道').expectReply('已更新 机关工会 J5D8', '原说明“路线改为沿江绿道”已被本条替换');
    expect(await rows('J5D8')).toMatchObject([{ status: 'done', note: '路线改为滨河步道' }]);
  });

  it('a task named by its title is corrected as by its code', async () => {
    await head().says('托管班人数改为135').expectReply('已更正：机关工会 V4W5', '说明：托管135人（原为：托管130人）');
    expect(await rows('V4W5')).toMatchObject([{ note: '托管135人' }]);
  });

  it('a task due twice: the month named says which record, else the current one', async () => {
    chat.setToday('2026-12-20');
    const finance = () => chat.as('陈会计', 'finance');
    await finance().says('完成 E4G4 10月 预算已审').expectReply('已记录：财务处 完成 E4G4 工会经费预决算审查（10月）');
    await finance().says('完成 E4G4 决算已审').expectReply('已记录：财务处 完成 E4G4 工会经费预决算审查（12月）');
    await finance().says('更正 E4G4 10月 预算已审结').expectReply('已更正：财务处 E4G4 工会经费预决算审查（10月）', '说明：预算已审结（原为：预算已审）');
    await finance().says('E4G4 写错了，应为决算已审结').expectReply('（12月）', '说明：决算已审结（原为：决算已审）');
    expect(await rows('E4G4')).toMatchObject([{ window_index: 0, note: '预算已审结' }, { window_index: 1, note: '决算已审结' }]);
  });
});
