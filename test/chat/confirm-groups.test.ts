import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * Which department a confirmation is for when the group is not the department's own: the office group, another
 * department's group, or a group bound to none. Example plan and directory (李处长 heads 组织人事处, Q5C9 五一表彰 is
 * 局工会 + 组织人事处, H8K6 技能比武 is 局工会 + 安全监督处, C8U7 三八 is 女职工委员会 + 机关工会), plus 孙处长 (head of
 * 安全监督处) and 周主任 (女职工委员会, no role), whose departments have no group, and two groups bound to none.
 */
type Row = { code: string; department: string; status: string; note: string | null; member: string | null };

let database: Database;
let chat: ChatHarness;

async function confirmations(code: string): Promise<Row[]> {
  return database.rows<Row>(sql`select t.code, d.name as department, c.status, c.note, m.name as member
    from confirmations c join tasks t on t.id = c.task_id join departments d on d.id = c.department_id
    left join members m on m.id = c.member_id where t.code = ${code} order by c.id`);
}

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  await importDirectory(database, directorySchema.parse({
    chats: [
      { platform: 'console', id: '安监处工会群', name: '安监处工会群' },
      { platform: 'console', id: '女工委工作群', name: '女工委工作群' },
      { platform: 'console', id: '城南供水所工会群', name: '城南供水所工会群', department: '各基层工会' },
    ],
    members: [
      { platform: 'console', id: '孙处长', name: '孙处长', department: '安全监督处', role: 'head' },
      { platform: 'console', id: '周主任', name: '周主任', department: '女职工委员会' },
      { platform: 'console', id: '小吴', name: '小吴', department: '组织人事处' },
      { platform: 'console', id: '小陈', name: '小陈', department: '局工会' },
      { platform: 'console', id: '钱主席', name: '钱主席', department: '各基层工会' },
    ],
  }));
  chat = await chatHarness({ database, today: '2026-05-20' });
});
afterAll(async () => database?.close());

/** The example directory's console ids are not names. */
const IDS: Record<string, string> = { 李处长: 'li', 王主席: 'wang', 赵主席: 'zhao' };
const as = (user: string, group: string) => chat.as(user, group, { userId: IDS[user] ?? user });

describe('a department head confirming outside their own group', () => {
  it('a head writing in the office group records a shared task for their own department', async () => {
    await as('李处长', 'office').says('Q5C9 已完成，表彰先进20名')
      .expectReply('已记录：组织人事处 完成 Q5C9', '说明：表彰先进20名', '撤销 Q5C9 组织人事处');
    expect(await confirmations('Q5C9')).toEqual([
      { code: 'Q5C9', department: '组织人事处', status: 'done', note: '表彰先进20名', member: '李处长' },
    ]);
  });

  it('the same from another department’s group is recorded the same way', async () => {
    chat.setToday('2026-06-20');
    await as('孙处长', 'jiguan').says('H8K6 已完成，参赛46人').expectReply('已记录：安全监督处 完成 H8K6');
    await as('孙处长', 'office').says('撤销 H8K6').expectReply('已撤销：安全监督处 H8K6');
    await as('孙处长', 'office').says('H8K6 已完成，参赛46人').expectReply('已记录：安全监督处 完成 H8K6');
    expect((await confirmations('H8K6')).map((r) => [r.department, r.status, r.member])).toEqual([['安全监督处', 'done', '孙处长']]);
    chat.setToday('2026-05-20');
  });

  it('a department named that the sender may not confirm for is refused, naming the form that works', async () => {
    await as('李处长', 'office').says('撤销 Q5C9').expectReply('已撤销：组织人事处 Q5C9');
    await as('李处长', 'office').says('完成 Q5C9 局工会')
      .expectReply('不能确认局工会的任务', '“完成 Q5C9 组织人事处”');
    expect((await confirmations('Q5C9')).map((r) => r.status)).toEqual(['undone']);
  });

  it('a member who is not the head is told their department’s own rule, not the office’s', async () => {
    await as('小吴', 'office').says('Q5C9 已完成').expectReply('组织人事处的完成情况需由负责人（李处长）确认');
    expect((await confirmations('Q5C9')).map((r) => r.status)).toEqual(['undone']);
  });

  it('an office member in the office group still confirms for the office', async () => {
    await as('王主席', 'office').says('Q5C9 已完成').expectReply('已记录：局工会 完成 Q5C9');
    await as('小陈', 'office').says('H8K6 已完成').expectReply('已记录：局工会 完成 H8K6');
    expect((await confirmations('Q5C9')).filter((r) => r.status === 'done').map((r) => r.department)).toEqual(['局工会']);
  });
});

describe('a group bound to no department', () => {
  it('a member of a department without a group is told this group is unbound and how to bind it, and nothing is stored', async () => {
    chat.setToday('2026-03-20');
    for (const text of ['C8U7 已完成，参加女职工85人', '三八活动已完成']) {
      await as('周主任', '女工委工作群').says(text)
        .expectReply('本群还没有绑定部门', '“绑定 女职工委员会”', '设为负责人 @姓名', '可请工会办公室代为确认');
      await as('周主任', '女工委工作群').says(text).expectNoMatch('工作群里确认');
    }
    expect(await confirmations('C8U7')).toEqual([]);
  });

  it('once an admin binds it, the same member confirms there', async () => {
    await as('王主席', '女工委工作群').says('绑定 女职工委员会').expectReply('已将本群绑定到女职工委员会');
    await as('周主任', '女工委工作群').says('C8U7 已完成，参加女职工85人').expectReply('已记录：女职工委员会 完成 C8U7');
    expect(await confirmations('C8U7')).toEqual([
      { code: 'C8U7', department: '女职工委员会', status: 'done', note: '参加女职工85人', member: '周主任' },
    ]);
    chat.setToday('2026-05-20');
  });

  it('a progress answer there notes that the department gets no reminders; other answers do not', async () => {
    chat.setToday('2026-07-02');
    await as('孙处长', '安监处工会群').says('我们的进度')
      .expectReply('安全监督处', '提示：本群还没有绑定部门，安全监督处收不到任务提醒', '“绑定 安全监督处”');
    await as('孙处长', '安监处工会群').says('本月任务').expectNoMatch('本群还没有绑定部门');
    await as('赵主席', 'jiguan').says('我们的进度').expectNoMatch('还没有绑定部门');
    chat.setToday('2026-05-20');
  });

  it('"为什么没收到提醒" and "怎么绑定群" say how binding works and which departments have no group', async () => {
    const t = await as('孙处长', '安监处工会群').says('为什么没收到提醒')
      .expectReply('本群还没有绑定部门', '您所在的安全监督处没有绑定工作群', '提醒只发到已绑定部门的群', '请管理员在本群 @我 发送“绑定 安全监督处”',
        /还没有绑定群的部门：.*安全监督处/);
    expect(t.intent).toBe('binding-help');
    await as('孙处长', '安监处工会群').says('怎么绑定群').expectReply('“绑定 安全监督处”').then((x) => expect(x.intent).toBe('binding-help'));
    await as('赵主席', 'jiguan').says('绑定怎么弄').expectReply('本群已绑定到机关工会', '“绑定 部门名称”');
    expect((await database.rows<{ n: number }>(sql`select count(*)::int as n from chats where name = '机关工会群' and department_id is not null`))[0]!.n).toBe(1);
  });
});

describe('a collective department (各基层工会)', () => {
  it('one grassroots union’s report is recorded for the whole, and the reply says so and how to report only its part', async () => {
    chat.setToday('2026-08-10');
    await as('钱主席', '城南供水所工会群').says('送清凉已完成，慰问本所一线职工35人')
      .expectReply('已记录：各基层工会 完成 D6S9', '各基层工会在计划中是一个整体，本条已记为各基层工会整体的完成', '“部分完成 D6S9 本单位已完成…”');
    expect(await confirmations('D6S9')).toEqual([
      { code: 'D6S9', department: '各基层工会', status: 'done', note: '慰问本所一线职工35人', member: '钱主席' },
    ]);
    await as('钱主席', '城南供水所工会群').says('撤销 D6S9').expectReply('已撤销：各基层工会 D6S9');
    await as('钱主席', '城南供水所工会群').says('部分完成 D6S9 本单位已完成').expectReply('已记录进展：各基层工会 部分完成 D6S9', '各基层工会整体的进展');
    // The office confirming once all are done gets no such note.
    await as('王主席', 'office').says('完成 D6S9 各基层工会').expectNoMatch('是一个整体');
    expect((await confirmations('D6S9')).map((r) => [r.department, r.status, r.member])).toEqual([['各基层工会', 'done', '王主席']]);
    chat.setToday('2026-05-20');
  });
});
