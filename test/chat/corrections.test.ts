import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { figureTotals, ledgerRows } from '../../src/confirmations/ledger.js';
import { loadPairs } from '../../src/confirmations/progress.js';
import { shanghaiDate, shanghaiNoon } from '../../src/core/clock.js';
import { replyText } from '../../src/core/reply.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * A branch head corrects what was recorded, as people say it on a phone (example plan, 机关工会群 "jiguan", head 赵主席):
 * V4W5 暑期托管班 7-8月, J5D8 健步走 4-5月, Y9G5 春节慰问品 1-2月, C8U7 三八 3月 (机关工会); Z4E7 运动会 11月 (机关工会, 局工会);
 * H8W8 职工之家 全年 (机关工会, 各基层工会). On the console everyone acts as an admin; rights are tested on WeCom and DingTalk.
 */
type Row = { status: string; note: string | null; figures: { value: number; unit: string; text: string }[]; member: string | null; updated_at: Date };
type Audit = { actor: string; details: Record<string, unknown> };

let database: Database;
let chat: ChatHarness;
const head = () => chat.as('赵主席', 'jiguan');

const confirmation = async (code: string): Promise<Row | undefined> => (await database.rows<Row>(sql`select c.status, c.note,
  c.figures, m.name as member, c.updated_at from confirmations c join tasks t on t.id = c.task_id
  left join members m on m.id = c.member_id where t.code = ${code} order by c.id`))[0];
const corrections = (code: string) => database.rows<Audit>(sql`select actor, details from audit_log
  where action = 'confirmation.correct' and subject like ${`${code}#%`} order by id`);

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  await importDirectory(database, directorySchema.parse({
    chats: [
      { platform: 'wecom', id: 'wrkJiguan', name: '机关工会企业微信群', department: '机关工会' },
      { platform: 'dingtalk', id: 'cidFinance==', name: '财务处钉钉群', department: '财务处' },
    ],
    members: [
      { platform: 'wecom', id: 'zhao_wx', name: '赵主席', department: '机关工会', role: 'head' },
      { platform: 'wecom', id: 'xiaoliu', name: '小刘', department: '机关工会' },
    ],
  }));
  chat = await chatHarness({ database, today: '2026-07-10' });
});
afterAll(async () => database?.close());
beforeEach(() => chat.setToday('2026-07-10'));

describe('correcting a recorded confirmation', () => {
  it('every way of saying it corrects the note and its figures; status, confirmer and day stay; the audit log keeps the old words', async () => {
    const recorded = await head().says('V4W5已完成，托管120人')
      .expectReply('已记录：机关工会 完成 V4W5', '如有误，可发送“更正 V4W5 …”或“撤销 V4W5”');
    const before = (await confirmation('V4W5'))!;

    await head().says('V4W5 人数改为130')
      .expectReply('已更正：机关工会 V4W5 职工子女暑期托管班', '说明：托管130人（原为：托管120人）', '数据：130人（原为：120人）');
    expect(await confirmation('V4W5')).toMatchObject({ status: 'done', note: '托管130人', figures: [{ value: 130, unit: '人', text: '130人' }],
      member: '赵主席', updated_at: before.updated_at });

    await head().says('更正：V4W5 托管140人').expectReply('说明：托管140人（原为：托管130人）');
    await head().says('V4W5 写错了，应为150人').expectReply('说明：托管150人（原为：托管140人）');
    await head().says('V4W5 改成160人').expectReply('说明：托管160人（原为：托管150人）');
    // Replying to the bot's own 已记录 answer, which also lists other open work (Y9G5、C8U7、J5D8).
    await head().says('人数应该是170', { quotedText: replyText(recorded.reply) }).expectReply('已更正：机关工会 V4W5', '说明：托管170人（原为：托管160人）');
    expect(await confirmation('V4W5')).toMatchObject({ note: '托管170人', figures: [{ value: 170, unit: '人' }] });

    const log = await corrections('V4W5');
    expect(log).toHaveLength(5);
    expect(log[0]!.details).toMatchObject({ code: 'V4W5', department: '机关工会', status: 'done', previousNote: '托管120人', note: '托管130人',
      previousFigures: [{ value: 120, unit: '人' }], figures: [{ value: 130, unit: '人' }], memberName: '赵主席' });
    expect(log[4]!.details).toMatchObject({ previousNote: '托管160人', note: '托管170人' });

    // The year-end sums read the corrected figures.
    const { catalog, pairs } = await loadPairs(database.db, 2026, shanghaiDate(shanghaiNoon('2026-07-10')!));
    const totals = figureTotals(ledgerRows(catalog.tasks, pairs)).filter((f) => f.department === '机关工会');
    expect(totals.map((f) => [f.unit, f.total])).toEqual([['人', 170]]);
  });

  it('the same words again change nothing', async () => {
    await head().says('更正 V4W5 托管170人').expectReply('说明已是“托管170人”，无需更正');
    expect(await corrections('V4W5')).toHaveLength(5);
  });

  it('a number alone replaces the one figure it can be, keeping the rest; when it could be several, or none, nothing is recorded', async () => {
    chat.setToday('2026-07-12');
    await head().says('完成 J5D8 参加120人，发放物资50份').expectReply('已记录：机关工会 完成 J5D8');
    await head().says('J5D8 改为130')
      .expectReply('原记录有多个数字（120人、50份），无法确定要改哪一个，本条未作改动', '请发送完整的更正，例如：更正 J5D8 参加130人，发放物资50份');
    await head().says('J5D8 应为60份').expectReply('说明：参加120人，发放物资60份（原为：参加120人，发放物资50份）', '数据：120人、60份');
    await head().says('J5D8 人数改为130').expectReply('说明：参加130人，发放物资60份');
    await head().says('J5D8 参加130人改为135人').expectReply('说明：参加135人，发放物资60份');
    expect(await confirmation('J5D8')).toMatchObject({ note: '参加135人，发放物资60份', figures: [{ value: 135, unit: '人' }, { value: 60, unit: '份' }] });
    // The value of what was handed out is money: "价值改为4.2万" replaces the 元 figure, not the people.
    await head().says('完成 H8W8 走访职工之家15家，配置物品价值4万元').expectReply('已记录');
    await head().says('H8W8 物品价值改为4.2万').expectReply('说明：走访职工之家15家，配置物品价值4.2万元');
    await head().says('撤销 H8W8').expectReply('已撤销');

    // "其中": two figures of people; a note without figures; no note at all.
    await head().says('完成 Y9G5 发放慰问品300份，其中困难职工20份').expectReply('已记录');
    await head().says('Y9G5 应为320份').expectReply('原记录有多个数字（300份、20份）', '本条未作改动');
    await head().says('完成 C8U7 活动顺利举办').expectReply('已记录');
    await head().says('C8U7 人数改为80').expectReply('原记录（活动顺利举办）中没有可替换的数字', '例如：更正 C8U7 活动顺利举办，80人');
    await head().says('更正 C8U7 活动顺利举办，参加80人').expectReply('说明：活动顺利举办，参加80人（原为：活动顺利举办）', '数据：80人（原为：无）');
    expect(await confirmation('Y9G5')).toMatchObject({ note: '发放慰问品300份，其中困难职工20份' });
    expect(await corrections('Y9G5')).toEqual([]);
    expect(await confirmation('C8U7')).toMatchObject({ note: '活动顺利举办，参加80人', figures: [{ value: 80, unit: '人' }] });
  });

  it('work not confirmed (never, or taken back) is not corrected: the reply says how to confirm it', async () => {
    chat.setToday('2026-12-01');
    await head().says('Z4E7 人数改为130').expectReply('机关工会还没有确认 Z4E7 职工运动会，无需更正，本条未作改动', '如已完成，请发送“完成 Z4E7 130人”');
    await chat.as('王主席', 'office').says('Z4E7 已完成 参赛200人').expectReply('已记录：局工会 完成 Z4E7');
    // Another responsible department's record is theirs to correct (an admin, as on the console, may name it).
    const wecomHead = chat.as('赵主席', 'wrkJiguan', { platform: 'wecom', userId: 'zhao_wx' });
    await wecomHead.says('更正：Z4E7 参赛210人').expectReply('机关工会还没有确认 Z4E7', '完成 Z4E7 参赛210人', '局工会已确认该任务，其记录请由局工会更正');
    await head().says('更正：Z4E7 参赛210人').expectReply('局工会已确认该任务，其记录可写明部门更正，如“更正 Z4E7 局工会 …”');
    expect(await confirmation('Z4E7')).toMatchObject({ note: '参赛200人' });

    await head().says('撤销 C8U7').expectReply('已撤销');
    await head().says('C8U7 人数改为90').expectReply('机关工会还没有确认 C8U7');
    expect(await confirmation('C8U7')).toMatchObject({ status: 'undone', note: null });
    expect(await corrections('Z4E7')).toEqual([]);
  });

  it('only those who may confirm may correct, with the same refusal', async () => {
    await chat.as('小刘', 'wrkJiguan', { platform: 'wecom', userId: 'xiaoliu' }).says('V4W5 人数改为999')
      .expectReply('抱歉，机关工会的完成情况需由负责人（赵主席）确认');
    await chat.as('钱会计', 'cidFinance==', { platform: 'dingtalk', userId: 'qian' }).says('V4W5 人数改为999')
      .expectReply('V4W5 职工子女暑期托管班 由机关工会负责，不是财务处的任务');
    expect(await confirmation('V4W5')).toMatchObject({ note: '托管170人' });
    await chat.as('赵主席', 'wrkJiguan', { platform: 'wecom', userId: 'zhao_wx' }).says('@工会助手 V4W5 人数改为175')
      .expectReply('已更正：机关工会 V4W5', '说明：托管175人（原为：托管170人）');
    expect((await corrections('V4W5')).at(-1)).toMatchObject({ actor: 'wecom:zhao_wx', details: { memberName: '赵主席' } });
  });

  it('a corrected partial report is what an undo of the later completion goes back to', async () => {
    chat.setToday('2026-07-15');
    await head().says('部分完成 H8W8 已建成3家').expectReply('已记录进展');
    await head().says('H8W8 写错了，应为4家').expectReply('已更正：机关工会 H8W8', '说明：已建成4家（原为：已建成3家）');
    await head().says('完成 H8W8 共建成6家').expectReply('已记录：机关工会 完成 H8W8');
    await head().says('H8W8 应为7家').expectReply('说明：共建成7家（原为：共建成6家）');
    await head().says('撤销 H8W8').expectReply('恢复为此前记录的部分完成（已建成4家）');
    expect(await confirmation('H8W8')).toMatchObject({ status: 'partial', note: '已建成4家', figures: [{ value: 4, unit: '家' }] });
  });

  it('"不是120人，是130人": the figure said wrong and the right one, with or without the code', async () => {
    chat.setToday('2026-12-02');
    await head().says('完成 Z4E7 参赛210人').expectReply('已记录：机关工会 完成 Z4E7');
    await head().says('Z4E7 不是210人，是230人').expectReply('已更正：机关工会 Z4E7', '说明：参赛230人（原为：参赛210人）');
    // Without the code, the figure names the one confirmed task whose note holds it.
    await head().says('不是230人而是240人').expectReply('已更正：机关工会 Z4E7', '说明：参赛240人（原为：参赛230人）');
    expect(await confirmation('Z4E7')).toMatchObject({ note: '参赛200人' }); // 局工会's record, the first, stays
    // A figure no confirmed note holds: asked which task, nothing changed.
    await head().says('不是999人，是1000人').expectReply('请问更正哪项任务？', '本条未作改动');
    const [, ours] = await database.rows<{ note: string }>(sql`select c.note from confirmations c join tasks t on t.id = c.task_id
      where t.code = 'Z4E7' order by c.id`);
    expect(ours).toEqual({ note: '参赛240人' });
  });
});
