import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { replyText } from '../../src/core/reply.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * Confirmations in chat over the example plan (examples/plan-2026.md): D6S9 送清凉 7-8月 局工会 + 各基层工会,
 * V4W5 暑期托管班 7-8月 机关工会, M4K7 互助保障参保 3-4月 局工会 + 财务处, G8R6 春节走访慰问 1-2月 …
 * On the console its default user (no department) acts as the office; a directory person with a department
 * (陈会计, 赵主席) has the rights they have in the groups. Who-may-confirm is also tested on WeCom and DingTalk
 * chats added below.
 */
const KICKOFF_JIGUAN = '【任务开始】机关工会\n以下任务本月开始，请按时落实：\n1. V4W5 职工子女暑期托管班\n' +
  '   8月31日截止（牵头）｜完成后回复：完成 V4W5\n在群里@我回复即可，可附简要情况，如“完成 V4W5 已办结”。';

type Row = { code: string; window_index: number; department: string; status: string; note: string | null; figures: unknown; member: string | null };

let database: Database;
let chat: ChatHarness;

async function confirmations(code?: string): Promise<Row[]> {
  return database.rows<Row>(sql`select t.code, c.window_index, d.name as department, c.status, c.note, c.figures, m.name as member
    from confirmations c join tasks t on t.id = c.task_id join departments d on d.id = c.department_id
    left join members m on m.id = c.member_id
    where ${code ?? null}::text is null or t.code = ${code ?? null} order by c.id`);
}
const auditCount = async (action: string) =>
  (await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action}`))[0]!.n;

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  await importDirectory(database, directorySchema.parse({
    chats: [
      { platform: 'wecom', id: 'wrkJiguan', name: '机关工会企业微信群', department: '机关工会' },
      { platform: 'dingtalk', id: 'cidFinance==', name: '财务处钉钉群', department: '财务处' },
      { platform: 'dingtalk', id: 'cidLobby==', name: '大厅群' },
    ],
    members: [
      { platform: 'wecom', id: 'zhao_wx', name: '赵主席', department: '机关工会', role: 'head' },
      { platform: 'wecom', id: 'xiaoliu', name: '小刘', department: '机关工会' },
    ],
  }));
  chat = await chatHarness({ database, today: '2026-07-10', admins: ['wecom:boss', 'dingtalk:boss'] });
});
afterAll(async () => database?.close());
beforeEach(() => chat.setToday('2026-07-10'));

describe('confirming by reply', () => {
  it('"完成 D6S9 慰问120人" records done for the chat’s department, with figures, and says what is still open', async () => {
    const t = await chat.as('王主席', 'office').says('@工会助手 完成 D6S9 慰问120人，发放1.5万元')
      .expectReply('已记录：局工会 完成 D6S9', '数据：120人、1.5万元', '局工会本月的任务已全部确认完成', '另有逾期未确认', '撤销 D6S9');
    expect(t.intent).toBe('confirm');
    expect(await confirmations('D6S9')).toEqual([{
      code: 'D6S9', window_index: 0, department: '局工会', status: 'done', note: '慰问120人，发放1.5万元', member: '王主席',
      figures: [{ value: 120, unit: '人', text: '120人' }, { value: 15000, unit: '元', text: '1.5万元' }],
    }]);
    expect(await auditCount('confirmation.done')).toBe(1);
  });

  it('the same confirmation twice is one; a redelivered message is not answered at all', async () => {
    await chat.as('王主席', 'office').says('D6S9 已完成', { messageId: 'again-1' }).expectReply('此前已确认完成（王主席，7月10日）');
    await chat.as('王主席', 'office').says('D6S9 已完成', { messageId: 'again-1' }).expectNoReply();
    expect(await confirmations('D6S9')).toHaveLength(1);
    expect(await auditCount('confirmation.done')).toBe(1);
  });

  it('a task asked for by its code says who confirmed it, when and what was reported, and who has not', async () => {
    await chat.as('王主席', 'office').says('D6S9')
      .expectReply('完成情况：', '局工会：已完成（王主席，7月10日），慰问120人，发放1.5万元', '各基层工会：未确认');
  });

  it('asking whether a task is done, however it is put, shows its standing and records nothing', async () => {
    const before = await confirmations();
    for (const text of ['五一表彰是不是已经完成了', 'Q5C9是不是完成了', 'Q5C9 完成了吧', '五一表彰完成没有', '五一表彰弄好了没',
      '五一表彰做了没', '五一表彰搞了吗', '听说五一表彰已经完成了']) {
      await chat.as('李处长', 'hr').says(text).expectReply('Q5C9 庆祝“五一”劳动节暨先进表彰（5月）', '组织人事处：逾期未确认')
        .then((t) => expect(t.intent).toBe('progress'));
    }
    await chat.as('王主席', 'office').says('送清凉怎么样了').expectReply('D6S9 送清凉高温慰问一线职工（7-8月）', '各基层工会：未确认');
    await chat.as('王主席', 'office').says('送清凉搞完没').expectReply('D6S9 送清凉高温慰问一线职工（7-8月）').then((t) => expect(replyText(t.reply)).not.toContain('完没'));
    await chat.as('李处长', 'hr').says('体检情况').expectReply('Z2C3 组织职工健康体检（9月）', '组织人事处：未开始');
    expect(await confirmations()).toEqual(before);
  });

  it('a department’s name inside the words reported stays in the note; named as a label it is left out', async () => {
    await chat.as('赵主席', 'jiguan').says('J5D8 已完成，我们机关工会今年以来共组织健步走3场').expectReply('已记录：机关工会 完成 J5D8');
    expect((await confirmations('J5D8'))[0]).toMatchObject({ note: '我们机关工会今年以来共组织健步走3场' });
    await chat.as('王主席', 'office').says('代财务处确认 M4K7 完成 参保200人').expectReply('已记录：财务处 完成 M4K7');
    expect((await confirmations('M4K7')).find((c) => c.department === '财务处')).toMatchObject({ note: '参保200人' });
    await chat.as('赵主席', 'jiguan').says('撤销 J5D8').expectReply('已撤销');
    await chat.as('王主席', 'office').says('撤销 M4K7 财务处').expectReply('已撤销');
  });

  it('哪些已经完成了 / 完成了哪些 list the work confirmed done, by whom; a department with none says so', async () => {
    await chat.as('王主席', 'office').says('哪些已经完成了')
      .expectReply('2026年已完成（1 项）', 'D6S9 送清凉高温慰问一线职工（7-8月）：局工会（王主席 7月10日）');
    await chat.as('王主席', 'office').says('财务处完成了哪些').expectReply('财务处 2026年还没有确认完成的任务');
  });

  it('confirming again with only an emoji keeps the situation reported before', async () => {
    await chat.as('王主席', 'office').says('D6S9 已完成👍').expectReply('此前已确认完成');
    expect((await confirmations('D6S9'))[0]).toMatchObject({ note: '慰问120人，发放1.5万元' });
  });

  it.each(['已完成', '已办结', '已落实', '已报送', '搞定了', '完成了', '完成'])(
    'a quote of the kick-off plus “%s” confirms the quoted task; 撤销 undoes it', async (word) => {
      await chat.as('赵主席', 'jiguan').says(`@工会助手 ${word}`, { quotedText: KICKOFF_JIGUAN })
        .expectReply('已记录：机关工会 完成 V4W5 职工子女暑期托管班（7-8月）');
      expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'done', window_index: 0, department: '机关工会' });
      await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('已撤销：机关工会 V4W5 职工子女暑期托管班（7-8月）的完成确认，重新计为未完成');
      expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'undone' });
    });

  it('a word that the work will be done later is answered as such, and nothing is recorded', async () => {
    const before = await confirmations();
    for (const text of ['收到，保证按时完成', '还没弄好，下周完成', '下周完成']) {
      await chat.as('赵主席', 'jiguan').says(text).expectReply('好的，本条未记录为完成', '完成 任务编号').then((t) => expect(t.intent).toBe('acknowledge'));
    }
    await chat.as('赵主席', 'jiguan').says('V4W5 计划下周完成').expectReply('好的，V4W5 尚未完成，本条未作记录', '完成 V4W5');
    expect(await confirmations()).toEqual(before);
  });

  it('收到 / 好的 acknowledge without recording anything', async () => {
    const before = await confirmations();
    await chat.as('赵主席', 'jiguan').says('收到', { quotedText: KICKOFF_JIGUAN }).expectReply('好的', '完成 V4W5')
      .then((t) => expect(t.intent).toBe('acknowledge'));
    await chat.as('赵主席', 'jiguan').says('好的').expectIntent('acknowledge');
    await chat.as('赵主席', 'jiguan').says('收到！谢谢').expectNoMatch('已记录');
    expect(await confirmations()).toEqual(before);
  });

  it('a second report of done work adds to the first when it says so (另有, 补充), else replaces it and says what it replaced', async () => {
    chat.setToday('2026-09-25');
    await chat.as('李处长', 'hr').says('Z2C3 完成了 体检1,250人 费用62.5万元').expectReply('已记录：组织人事处 完成 Z2C3', '数据：1,250人、62.5万元');
    await chat.as('李处长', 'hr').says('完成 Z2C3 另有退休职工80人')
      .expectReply('已补充 组织人事处 Z2C3', '说明：体检1,250人 费用62.5万元；另有退休职工80人', '数据：1,250人、62.5万元、80人');
    await chat.as('李处长', 'hr').says('完成 Z2C3 补充：发放体检报告1300份')
      .expectReply('已补充', '说明：体检1,250人 费用62.5万元；另有退休职工80人；发放体检报告1300份', '数据：1,250人、62.5万元、80人、1300份');
    expect((await confirmations('Z2C3'))[0]!.figures).toHaveLength(4);
    await chat.as('李处长', 'hr').says('完成 Z2C3 体检1300人')
      .expectReply('已更新 组织人事处 Z2C3', '说明：体检1300人', '原说明“体检1,250人 费用62.5万元；另有退休职工80人；发放体检报告1300份”已被本条替换');
    expect((await confirmations('Z2C3'))[0]).toMatchObject({ note: '体检1300人', figures: [{ value: 1300, unit: '人', text: '1300人' }] });
    await chat.as('李处长', 'hr').says('撤销 Z2C3').expectReply('已撤销');
  });

  it('部分完成 / 正在推进 / 进行中 record partial progress, which keeps the task open', async () => {
    await chat.as('赵主席', 'jiguan').says('部分完成 V4W5 已报名80人')
      .expectReply('已记录进展：机关工会 部分完成 V4W5', '数据：80人', '机关工会本月还需完成 1 项', '已部分完成', '全部完成后请回复“完成 V4W5”');
    expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'partial', note: '已报名80人' });
    await chat.as('赵主席', 'jiguan').says('正在推进', { quotedText: KICKOFF_JIGUAN }).expectReply('此前已确认部分完成');
    await chat.as('赵主席', 'jiguan').says('V4W5 进行中 报名95人').expectReply('已更新', '数据：95人', '原说明“已报名80人”已被本条替换', '以“补充”开头');
    expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'partial', figures: [{ value: 95, unit: '人', text: '95人' }] });
    await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('的进展确认');
    // Done after partial keeps what was reported unless the reply says more.
    await chat.as('赵主席', 'jiguan').says('部分完成 V4W5 报名95人').expectReply('已记录进展');
    await chat.as('赵主席', 'jiguan').says('V4W5 已完成').expectReply('已记录：机关工会 完成 V4W5', '机关工会本月的任务已全部确认完成');
    expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'done', note: '报名95人', figures: [{ value: 95, unit: '人', text: '95人' }] });
    // Taking back the done goes back to the progress reported before it, not to nothing; once more, to nothing.
    await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('已撤销：机关工会 V4W5 职工子女暑期托管班（7-8月）的完成确认，恢复为此前记录的部分完成（报名95人）');
    expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'partial', note: '报名95人', figures: [{ value: 95, unit: '人', text: '95人' }] });
    await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('的进展确认，重新计为未完成');
    expect((await confirmations('V4W5'))[0]).toMatchObject({ status: 'undone' });
  });

  it('partial progress still shows as such once the window is over (overdue, not “未确认”)', async () => {
    await chat.as('赵主席', 'jiguan').says('部分完成 V4W5 报名80人').expectReply('已记录进展');
    chat.setToday('2026-09-05');
    const open = chat.as('赵主席', 'jiguan').says('未完成');
    // The department's own list: one line a task, partial progress said on it.
    await open.expectReply(/V4W5 职工子女暑期托管班｜8月31日截止，已逾期，已报部分进展\n/);
    await open.expectNoMatch(/未确认：机关工会/);
    await chat.as('赵主席', 'jiguan').says('V4W5完成了吗').expectReply('机关工会：部分完成，已逾期（赵主席 7月10日）');
    chat.setToday('2026-07-10');
    await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('的进展确认');
  });

  it('"送清凉已完成" matches exactly one open task of the department; otherwise the bot asks which, listing codes', async () => {
    await chat.as('王主席', 'office').says('撤销 D6S9').expectReply('已撤销');
    // 局工会 has two open 慰问 tasks: 送清凉 (7-8月) and the overdue 春节走访慰问 (1-2月).
    const ask = await chat.as('王主席', 'office').says('慰问已完成').expectReply('局工会有 2 项相关任务，请问是哪一项', 'D6S9', 'G8R6', '请回复“完成 编号”');
    expect(ask.intent).toBe('confirm');
    expect((await confirmations('D6S9'))[0]!.status).toBe('undone');
    await chat.as('王主席', 'office').says('送清凉已完成，共慰问200人次').expectReply('已记录：局工会 完成 D6S9', '说明：共慰问200人次');
    const bare = chat.as('王主席', 'office').says('已完成');
    await bare.expectReply('请问是哪项任务', 'G8R6', '请回复“完成 编号”');
    await bare.expectNoMatch('已记录', 'D6S9 ');
    await chat.as('赵六', '新建的群').says('送清凉已完成').expectReply('本群还没有绑定部门，请写上任务编号');
  });

  it('in January, last year’s overdue work is confirmed by its words, and 进度 does not count January’s work twice', async () => {
    chat.setToday('2027-01-15');
    try {
      await chat.as('李处长', 'hr').says('春节走访慰问已完成').expectReply('已记录：组织人事处 完成 G8R6');
      await chat.as('李处长', 'hr').says('撤销 G8R6').expectReply('已撤销');
      chat.setToday('2027-03-15');
      // E9J4 (the 2026 plan's 换届选举筹备, due 2027-01-31) is this year's overdue work, not last year's.
      const all = replyText((await chat.as('李处长', 'hr').says('组织人事处2026年逾期').expectReply('E9J4')).reply);
      const listed = Number(/（(\d+) 项/.exec(all)![1]);
      await chat.as('李处长', 'hr').says('我们的进度').expectReply('E9J4', `2026年计划还有 ${listed - 1} 项逾期未确认`);
    } finally {
      chat.setToday('2026-07-10');
    }
  });

  it('words naming another department’s task are answered with whose it is, not with this department’s list', async () => {
    const t = await chat.as('陈会计', 'finance').says('送清凉已完成')
      .expectReply('“送清凉”不是财务处的任务', 'D6S9 送清凉', '局工会、各基层工会', '请联系工会办公室');
    expect(t.intent).toBe('confirm');
    await chat.as('陈会计', 'finance').says('送清凉已完成').expectNoMatch('请问是哪项任务');
  });

  it('a quote without readable text asks for the code; a quote of several tasks asks which', async () => {
    await chat.as('赵主席', 'jiguan').says('已完成', { quotedText: '' }).expectReply('请问是哪项任务', 'V4W5');
    const two = '1. V4W5 职工子女暑期托管班\n2. Y9G5 发放职工春节慰问品';
    await chat.as('赵主席', 'jiguan').says('已完成', { quotedText: two }).expectReply('您回复的消息里有 2 项任务', 'V4W5', 'Y9G5');
    await chat.as('赵主席', 'jiguan').says('托管班已完成', { quotedText: two }).expectReply('已记录：机关工会 完成 V4W5');
    await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('已撤销');
  });

  it('an unknown code or another department’s task is refused before anything is written', async () => {
    const before = await confirmations();
    await chat.as('赵主席', 'jiguan').says('完成 Z9Z9').expectReply('没有找到编号为 Z9Z9 的任务').then((t) => expect(replyText(t.reply)).not.toContain('是不是'));
    // One character off an active code: offered, nothing recorded.
    await chat.as('赵主席', 'jiguan').says('完成 V4W6').expectReply('没有找到编号为 V4W6 的任务', '您是不是要找：V4W5 职工子女暑期托管班？');
    await chat.as('zhao_wx', 'wrkJiguan', { platform: 'wecom' }).says('完成 M4K7')
      .expectReply('M4K7', '由局工会、财务处负责，不是机关工会的任务');
    expect(await confirmations()).toEqual(before);
  });
});

describe('who may confirm', () => {
  it('on the console, choosing a directory person shows what they may do in the groups', async () => {
    await chat.as('陈会计', 'jiguan', { userId: 'chen' }).says('完成 V4W5').expectReply('抱歉，机关工会的完成情况需由负责人（赵主席）确认');
    expect((await confirmations('V4W5')).map((c) => c.member)).not.toContain('陈会计');
    await chat.as('赵主席', 'jiguan', { userId: 'zhao' }).says('完成 N5W8').expectReply('由组织人事处负责，不是机关工会的任务');
    expect(await confirmations('N5W8')).toEqual([]);
  });

  it('a registered head confirms; someone else in the group is refused politely, naming the heads', async () => {
    await chat.as('小刘', 'wrkJiguan', { platform: 'wecom', userId: 'xiaoliu' }).says('完成 V4W5')
      .expectReply('抱歉，机关工会的完成情况需由负责人（赵主席）确认');
    expect((await confirmations('V4W5'))[0]!.status).toBe('undone');
    await chat.as('赵主席', 'wrkJiguan', { platform: 'wecom', userId: 'zhao_wx' }).says('完成 V4W5').expectReply('已记录：机关工会 完成 V4W5');
    await chat.as('赵主席', 'wrkJiguan', { platform: 'wecom', userId: 'zhao_wx' }).says('撤销 V4W5').expectReply('已撤销');
  });

  it('without a registered head anyone in the department’s bound group may; outside it nobody but admins', async () => {
    await chat.as('钱会计', 'cidFinance==', { platform: 'dingtalk', userId: 'qian' }).says('完成 M4K7 参保已报送')
      .expectReply('已记录：财务处 完成 M4K7');
    await chat.as('孙某', 'cidLobby==', { platform: 'dingtalk', userId: 'sun' }).says('完成 M4K7')
      .expectReply('由局工会、财务处负责，请问是哪个部门完成的');
    await chat.as('孙某', 'cidLobby==', { platform: 'dingtalk', userId: 'sun' }).says('撤销 M4K7 财务处')
      .expectReply('财务处还没有登记负责人，请在财务处的工作群（财务处工会群、财务处钉钉群）里确认');
    await chat.as('老板', 'cidLobby==', { platform: 'dingtalk', userId: 'boss' }).says('撤销 M4K7 财务处').expectReply('已撤销：财务处 M4K7');
    expect((await confirmations('M4K7'))[0]).toMatchObject({ department: '财务处', status: 'undone' });
    // Someone the directory places in another department does not confirm in a headless group that is not theirs:
    // 陈会计 (财务处) writing in the office's group.
    const before = await confirmations('H8K6');
    await chat.as('陈会计', 'office', { userId: 'chen' }).says('完成 H8K6 局工会')
      .expectReply('抱歉，您在通讯录中不属于局工会，不能确认局工会的任务');
    expect(await confirmations('H8K6')).toEqual(before);
  });

  it('admins (PLANBOT_ADMINS) confirm for any department, naming it when the task has several', async () => {
    await chat.as('老板', 'wrkLobby', { platform: 'wecom', userId: 'boss' }).says('完成 V4W5').expectReply('已记录：机关工会 完成 V4W5');
    await chat.as('老板', 'wrkLobby', { platform: 'wecom', userId: 'boss' }).says('完成 M4K7')
      .expectReply('由局工会、财务处负责，请问是哪个部门完成的', '完成 M4K7 局工会');
    // For a department other than this group's, the way back names it ("撤销 M4K7" here would ask which).
    await chat.as('老板', 'wrkLobby', { platform: 'wecom', userId: 'boss' }).says('完成 M4K7 局工会').expectReply('已记录：局工会 完成 M4K7', '如有误，可发送“更正 M4K7 局工会 …”或“撤销 M4K7 局工会”');
    // The department named to say whose it is, is not kept as the situation reported.
    expect((await confirmations('M4K7')).find((c) => c.department === '局工会')).toMatchObject({ note: null });
    // Asked to undo or to record progress, the example repeats that, not 完成 (which would confirm instead).
    await chat.as('老板', 'wrkLobby', { platform: 'wecom', userId: 'boss' }).says('撤销 M4K7')
      .expectReply('由局工会、财务处负责，请问要撤销哪个部门的记录', '撤销 M4K7 局工会');
    await chat.as('老板', 'wrkLobby', { platform: 'wecom', userId: 'boss' }).says('部分完成 M4K7')
      .expectReply('请问是哪个部门的进展', '部分完成 M4K7 局工会');
    const [who] = await database.rows<{ actor: string; details: { department: string } }>(
      sql`select actor, details from audit_log where action = 'confirmation.done' order by id desc limit 1`);
    expect(who).toMatchObject({ actor: 'wecom:boss', details: { department: '局工会' } });
  });
});

describe('directory in chat (admins only)', () => {
  // DingTalk callbacks carry the sender's name (senderNick), so a head registered by name is recognised
  // when they first write. WeCom callbacks carry only the user id: there the name comes from the directory.
  const ding = (name: string, id: string) => chat.as(name, 'cidNew==', { platform: 'dingtalk', userId: id });

  it('绑定 binds this group; 设为负责人 @某人 registers a head, who is then the one to confirm', async () => {
    await ding('小刘', 'liu').says('绑定 安监处').expectReply('只有管理员可以绑定部门');
    await ding('老板', 'boss').says('绑定 安监处').expectReply('已将本群绑定到安全监督处');
    await ding('老板', 'boss').says('绑定 安全监督处').expectReply('无需重复绑定');
    const [bound] = await database.rows<{ department: string }>(sql`select d.name as department from chats c
      join departments d on d.id = c.department_id where c.platform = 'dingtalk' and c.external_id = 'cidNew=='`);
    expect(bound!.department).toBe('安全监督处');

    // No head yet: anyone in the bound group may confirm (H8K6 安全生产月技能比武, 6月, 安全监督处 + 局工会).
    await ding('小周', 'zhou').says('H8K6 已完成').expectReply('已记录：安全监督处 完成 H8K6');
    // The mention arrives as text; 小王 has never written, so the head is kept by name until they do.
    await ding('老板', 'boss').says('@工会助手 设为负责人 @小王').expectReply('已登记 小王 为安全监督处负责人');
    await ding('小周', 'zhou').says('撤销 H8K6').expectReply('需由负责人（小王）确认');
    await ding('小王', 'wang').says('撤销 H8K6').expectReply('已撤销：安全监督处 H8K6');
    const heads = await database.rows<{ external_id: string; role: string }>(sql`select external_id, role from members
      where platform = 'dingtalk' and name = '小王' order by id`);
    expect(heads).toEqual([{ external_id: '小王', role: 'staff' }, { external_id: 'wang', role: 'head' }]);

    // An existing member is found by name among those who wrote in this group.
    await ding('老板', 'boss').says('设为负责人 @小周')
      .expectReply('已登记 小周 为安全监督处负责人', /现有负责人：小[王周]、小[王周]/, '如有人已不再负责，请发送“取消负责人 @姓名”');
    await ding('小周', 'zhou').says('H8K6 已完成').expectReply('已记录：安全监督处 完成 H8K6');
    for (const action of ['chat.bind', 'member.role', 'member.claim', 'confirmation.undo']) expect(await auditCount(action)).toBeGreaterThan(0);
  });

  it('取消负责人 @某人 takes a head off: they may no longer confirm while the department has another head', async () => {
    // Continues the test above: 安全监督处 has two heads, 小王 and 小周; 小周 confirmed H8K6.
    await ding('小周', 'zhou').says('取消负责人 @小王').expectReply('只有管理员可以取消负责人');
    // Phones often put a space after the @.
    await ding('老板', 'boss').says('@工会助手 取消负责人 @ 小周').expectReply('已取消 小周 的安全监督处负责人登记，此前的确认记录保留', '安全监督处现有负责人：小王');
    await ding('小周', 'zhou').says('撤销 H8K6').expectReply('需由负责人（小王）确认');
    await ding('老板', 'boss').says('取消负责人 @小周').expectReply('小周目前不是登记的负责人，无需取消');
    // With no head left, anyone in the bound group may confirm again.
    await ding('老板', 'boss').says('取消 @小王 的负责人').expectReply('安全监督处现在没有登记负责人', '设为负责人 @姓名');
    await ding('小周', 'zhou').says('撤销 H8K6').expectReply('已撤销：安全监督处 H8K6');
    const roles = await database.rows<{ name: string; role: string }>(sql`select name, role from members
      where platform = 'dingtalk' and external_id in ('wang', 'zhou') order by external_id`);
    expect(roles).toEqual([{ name: '小王', role: 'staff' }, { name: '小周', role: 'staff' }]);
    await ding('老板', 'boss').says('部门列表').expectReply('安全监督处（安监处）｜群：cidNew==｜负责人：未登记');
    await ding('老板', 'boss').says('把小王设为负责人').expectReply('已登记 小王 为安全监督处负责人').then((t) => expect(replyText(t.reply)).not.toContain('取消负责人'));
  });

  it('on WeCom: binding reminds of the push webhook; a head is found by the name the directory gave', async () => {
    const boss = chat.as('老板', 'wrkLobby', { platform: 'wecom', userId: 'boss' });
    await boss.says('设为负责人 @小孙').expectReply('本群还没有绑定部门');
    await boss.says('绑定 不存在的处').expectReply('没有找到部门“不存在的处”');
    await boss.says('绑定 女工委').expectReply('已将本群绑定到女职工委员会', '消息推送地址（push.webhook）');
    await boss.says('@工会助手\u2005设为负责人 @小刘').expectReply('已登记 小刘 为女职工委员会负责人');
    const [liu] = await database.rows<{ role: string; department: string }>(sql`select m.role, d.name as department
      from members m join departments d on d.id = m.department_id where m.platform = 'wecom' and m.external_id = 'xiaoliu'`);
    expect(liu).toEqual({ role: 'head', department: '女职工委员会' });
    await chat.as('小刘', 'wrkLobby', { platform: 'wecom', userId: 'xiaoliu' }).says('C8U7 已完成').expectReply('已记录：女职工委员会 完成 C8U7');
  });

  it('部门列表 / 群列表 for admins; others are refused', async () => {
    await chat.as('小赵', 'wrkJiguan', { platform: 'wecom', userId: 'xiaozhao' }).says('部门列表').expectReply('仅管理员');
    await ding('老板', 'boss').says('部门列表').expectReply(
      '安全监督处（安监处）｜群：cidNew==｜负责人：小王\n',
      '机关工会｜群：机关工会群、机关工会企业微信群｜负责人：赵主席', '女职工委员会（女工委）｜群：wrkLobby｜负责人：小刘');
    await ding('老板', 'boss').says('群列表').expectReply('财务处钉钉群（钉钉）→ 财务处｜推送未配置', '大厅群（钉钉）→ 未绑定');
  });
});

describe('progress', () => {
  it('进度 shows done / partial / open / overdue per department with codes', async () => {
    // The month's figures are July's work; earlier months' are apart: what is still owed, and what was made good this
    // month by one of their departments (M4K7, 3-4月, by 局工会 above; 财务处 still owes it).
    const all = chat.as('王主席', 'office').says('进度');
    await all.expectReply([
      '2026年7月完成情况',
      '共 2 项任务，部门确认完成 2/3：',
      '局工会：完成 1/1 ✓',
      '机关工会：完成 1/1 ✓',
      '各基层工会：完成 0/1｜未完成 1：D6S9',
      '另有以前月份逾期未完成 7 项：G8R6、Y9G5、C8U7、M4K7、J5D8、Q5C9、H8K6',
      '本月补完成以前月份的任务 2 项：C8U7、M4K7',
    ].join('\n')).then((t) => expect(t.intent).toBe('progress'));
    await all.expectNoMatch('逾期 3：', '女职工委员会：');
    // One department's view lists what it still owes of earlier months.
    const one = chat.as('王主席', 'office').says('完成情况 7月 机关工会');
    await one.expectReply('机关工会 2026年7月完成情况', '机关工会：完成 1/1 ✓\n另有以前月份逾期未完成 3 项：\nY9G5 发放职工春节慰问品｜2月28日截止，已逾期');
    await one.expectNoMatch('局工会：');
  });

  it('我们的进度, 未完成, 逾期, and a task’s standing by its name', async () => {
    await chat.as('赵主席', 'jiguan').says('我们的进度').expectReply('机关工会 2026年7月完成情况', '另有以前月份逾期未完成 3 项：',
      'C8U7 “三八”妇女节主题活动｜3月31日截止，已逾期', 'J5D8 组织职工春季健步走｜5月31日截止，已逾期');
    await chat.as('王主席', 'office').says('未完成').expectReply('2026年7月及此前未完成', 'D6S9 送清凉高温慰问一线职工｜8月31日截止', '未确认：各基层工会');
    const late = chat.as('王主席', 'office').says('逾期');
    await late.expectReply('2026年逾期未确认', 'G8R6');
    await late.expectNoMatch('D6S9');
    await chat.as('王主席', 'office').says('送清凉完成了吗').expectReply('D6S9 送清凉高温慰问一线职工（7-8月）', '局工会：已完成（王主席 7月10日） 200人次', '各基层工会：未确认');
    await chat.as('赵六', '新建的群').says('我们的进度').expectReply('本群还没有绑定部门');
    // In a group bound to no department, 我们 is the sender's own department when the directory gives one.
    const own = chat.as('陈会计', '新建的群', { userId: 'chen' }).says('我们部门有哪些任务');
    await own.expectReply('财务处 2026年的任务', 'M4K7 职工互助保障计划参保');
    await own.expectNoMatch('本群还没有绑定部门', 'D6S9');
  });

  it('in a department’s group 未完成 and 逾期 are that department’s; 各部门未完成 and the office group see all', async () => {
    const own = chat.as('赵主席', 'jiguan').says('未完成');
    await own.expectReply('机关工会 2026年7月及此前未完成', 'Y9G5 发放职工春节慰问品', '发送“各部门未完成”查看所有部门');
    await own.expectNoMatch('D6S9', 'G8R6');
    const late = chat.as('赵主席', 'jiguan').says('逾期');
    await late.expectReply('机关工会 2026年逾期未确认（3 项）', 'Y9G5', 'C8U7', 'J5D8', '发送“各部门逾期”查看所有部门');
    await late.expectNoMatch('G8R6', 'M4K7');
    for (const all of ['各部门未完成', '所有部门的未完成任务', '全局未完成']) {
      await chat.as('赵主席', 'jiguan').says(all).expectReply('2026年7月及此前未完成', 'D6S9', 'G8R6').then((t) => expect(replyText(t.reply)).not.toContain('查看所有部门'));
    }
    await chat.as('赵主席', 'jiguan').says('所有部门逾期').expectReply('2026年逾期未确认', 'G8R6', 'M4K7');
    // Another department named, the overview, and the office group are as before.
    await chat.as('赵主席', 'jiguan').says('财务处未完成').expectReply('财务处 2026年7月及此前未完成', 'M4K7');
    await chat.as('赵主席', 'jiguan').says('进度').expectReply('2026年7月完成情况', '各基层工会：', '另有以前月份逾期未完成 7 项');
    await chat.as('赵主席', 'jiguan').says('全局进度').expectReply('2026年7月完成情况', '各基层工会：', '另有以前月份逾期未完成 7 项');
  });

  it('overdue work confirmed this month is shown as made good, apart from the month’s own figures', async () => {
    chat.setToday('2026-10-20');
    const before = chat.as('李处长', 'hr').says('我们的进度');
    await before.expectReply('共 1 项任务，部门确认完成 0/1：\n组织人事处：完成 0/1｜未完成 1：N5W8', '另有以前月份逾期未完成 3 项：');
    await before.expectNoMatch('含此前');
    await chat.as('李处长', 'hr').says('完成 Z2C3 体检300人').expectReply('已记录：组织人事处 完成 Z2C3');
    const after = chat.as('李处长', 'hr').says('我们的进度');
    await after.expectReply('共 1 项任务，部门确认完成 0/1：\n组织人事处：完成 0/1｜未完成 1：N5W8', '另有以前月份逾期未完成 2 项：',
      '本月补完成以前月份的任务 1 项：Z2C3');
    await after.expectNoMatch('Z2C3 组织职工健康体检');
    await chat.as('李处长', 'hr').says('撤销 Z2C3').expectReply('已撤销');
  });

  it('work done ahead of its month is shown as such, not as earlier work made good', async () => {
    chat.setToday('2026-07-10');
    await chat.as('李处长', 'hr').says('完成 N5W8 疗休养已报名').expectReply('已记录：组织人事处 完成 N5W8 组织职工疗休养（10月）');
    const progress = chat.as('李处长', 'hr').says('我们的进度');
    await progress.expectReply('本月提前完成以后月份的任务 1 项：N5W8');
    await progress.expectNoMatch('本月补完成');
    await chat.as('李处长', 'hr').says('撤销 N5W8').expectReply('已撤销');
  });

  it('未完成 says when a task due twice is listed once per window', async () => {
    chat.setToday('2026-12-20');
    // E4G4 is due in October and December.
    await chat.as('王主席', 'office').says('财务处未完成').expectReply('财务处 2026年12月及此前未完成（2 项，共 3 次）',
      'E4G4 工会经费预决算审查｜10月31日截止', 'E4G4 工会经费预决算审查｜12月31日截止');
    // Done in both windows: 完成了哪些 says so as well.
    await chat.as('王主席', 'office').says('完成 E4G4 10月 财务处').expectReply('已记录：财务处 完成 E4G4');
    await chat.as('王主席', 'office').says('完成 E4G4 12月 财务处').expectReply('已记录：财务处 完成 E4G4');
    await chat.as('王主席', 'office').says('财务处完成了哪些').expectReply(/财务处 2026年已完成（\d+ 项，共 \d+ 次）/, 'E4G4 工会经费预决算审查（10月）', 'E4G4 工会经费预决算审查（12月）');
    // The next test starts from no record of E4G4 at all.
    await database.rows(sql`delete from confirmations where task_id in (select id from tasks where code = 'E4G4')`);
  });

  it('a confirmation in August is for the same 7-8月 window; one in September is late, still that window', async () => {
    chat.setToday('2026-09-02');
    await chat.as('赵主席', 'jiguan').says('撤销 V4W5').expectReply('已撤销');
    await chat.as('赵主席', 'jiguan').says('V4W5 已完成').expectReply('已记录：机关工会 完成 V4W5 职工子女暑期托管班（7-8月）');
    expect((await confirmations('V4W5'))[0]!.window_index).toBe(0);
  });

  it('a task due twice: a late report of the earlier window asks which, and a month named picks the window', async () => {
    chat.setToday('2026-12-10');
    // E4G4 (10 月、12 月, 局工会经审委 and 财务处): 财务处 has not confirmed October.
    await chat.as('陈会计', 'finance').says('完成 E4G4')
      .expectReply('分 2 次：10月（财务处逾期未确认）、12月（本期）', '“完成 E4G4 10月”或“完成 E4G4 12月”');
    expect(await confirmations('E4G4')).toEqual([]);
    await chat.as('陈会计', 'finance').says('完成 E4G4 10月 预算已审')
      .expectReply('已记录：财务处 完成 E4G4 工会经费预决算审查（10月）', '说明：预算已审', '如有误，可发送“更正 E4G4 10月 …”或“撤销 E4G4 10月”');
    // October made good, the current window is what a plain report is about.
    await chat.as('陈会计', 'finance').says('E4G4 已完成').expectReply('已记录：财务处 完成 E4G4 工会经费预决算审查（12月）', '“撤销 E4G4 12月”');
    await chat.as('陈会计', 'finance').says('E4G4 十月份已完成').expectReply('（10月）', '此前已确认完成');
    expect((await confirmations('E4G4')).map((r) => [r.window_index, r.note])).toEqual([[0, '预算已审'], [1, null]]);
    await chat.as('陈会计', 'finance').says('撤销 E4G4 10月').expectReply('已撤销：财务处 E4G4 工会经费预决算审查（10月）');
    await chat.as('陈会计', 'finance').says('撤销 E4G4').expectReply('已撤销：财务处 E4G4 工会经费预决算审查（12月）');
  });

  it('which window: a date in the note is not a choice, a quoted reminder is, and a question holds back the whole message', async () => {
    chat.setToday('2026-12-10');
    const finance = chat.as('陈会计', 'finance');
    await finance.says('完成 E4G4 10月20日已审').expectReply('请问是哪一次');
    await finance.says('完成 E4G4 M4K7').expectReply('请问是哪一次', '本条消息未记录任何任务（包括 M4K7）');
    // Both windows stay as the test before left them: taken back.
    expect((await confirmations('E4G4')).map((r) => r.status)).toEqual(['undone', 'undone']);
    const overdueNotice = '【已逾期】财务处\n以下任务已过截止日期，尚未收到完成确认：\n1. E4G4 工会经费预决算审查\n'
      + '   10月31日截止（配合，牵头：局工会经审委）｜已完成请回复：完成 E4G4';
    await finance.says('已完成，10月20日审查完毕', { quotedText: overdueNotice })
      .expectReply('已记录：财务处 完成 E4G4 工会经费预决算审查（10月）', '说明：10月20日审查完毕');
    await finance.says('撤销 E4G4 10月').expectReply('已撤销');
  });
});
