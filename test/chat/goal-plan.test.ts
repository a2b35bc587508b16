import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { ledgerRows } from '../../src/confirmations/ledger.js';
import { loadPairs } from '../../src/confirmations/progress.js';
import { shanghaiDate, shanghaiNoon } from '../../src/core/clock.js';
import { replyText } from '../../src/core/reply.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { insertPlan, saveTask } from '../../db/repositories/plans.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

/**
 * A 工作要点 is mostly goals: targets for the year with responsible departments and no months. They get no
 * reminders, but the departments report on them and the office follows them, as year-long work beside the
 * months' tasks. The plan (test/fixtures/plans/jiaotong-2027-key-points.md) has goals such as 营造建党 106 周年
 *浓厚氛围 (宣传教育部, 基层工作部, 女职工部) and 推进职工技术创新, and dated tasks such as 组织职工创新成果评选 (7-9月).
 */
const PLAN = fileURLToPath(new URL('../fixtures/plans/jiaotong-2027-key-points.md', import.meta.url));
const TODAY = '2027-06-10';

let database: Database;
let chat: ChatHarness;

beforeAll(async () => {
  database = await freshDatabase();
  await importPlan(PLAN, { database });
  await importDirectory(database, directorySchema.parse({
    chats: [
      { platform: 'console', id: 'xj', name: '宣传教育部群', department: '宣传教育部' },
    ],
    members: [{ platform: 'console', id: 'zhou', name: '周部长', department: '宣传教育部', role: 'head' }],
  }));
  chat = await chatHarness({ database, today: TODAY });
});
afterAll(async () => database?.close());

const xj = () => chat.as('周部长', 'xj', { userId: 'zhou' });
const office = () => chat.as('办公室', '局工会办公室');

describe('a plan of goals (工作要点): confirmed, followed and handed in like the months’ work', () => {
  it('a goal is confirmed by its words in the department’s group, and the reply says how much year-long work is left', async () => {
    await xj().says('营造建党氛围已完成，开展主题宣传3场')
      .expectReply('已记录：宣传教育部 完成', '营造建党', '（全年）', '数据：3场', '全年工作还有 2 项未确认完成');
  });

  it('the office’s progress counts the year-long work apart from the month’s', async () => {
    await office().says('进度').expectReply(/全年任务 5 项：部门确认完成 1\/10/);
  });

  it('planbot progress lists the year-long work per department after the month’s', async () => {
    const r = await planbot(['progress', '--month', '2027-06', '--today', TODAY], { database });
    expect(r.stdout).toMatch(/全年任务 5 项：部门确认完成 1\/10\n/);
    expect(r.stdout).toContain('宣传教育部：完成 1/3｜未完成 2');
  });

  it('a department’s progress points to the goals it has not confirmed, and its 全年未完成 lists them', async () => {
    await xj().says('我们的进度').expectReply('全年工作还有 2 项未确认完成，发送“宣传教育部全年未完成”查看。');
    await xj().says('宣传教育部全年未完成').expectReply('深化理论武装', '推进职工技术创新', /^宣传教育部 2027年未完成/)
      .then((t) => expect(replyText(t.reply)).not.toContain('营造建党'));
  });

  it('a department with no monthly work sees its open goals in its progress', async () => {
    await office().says('基层工作部进度').expectReply('没有按月安排', '营造建党', '开展劳动和技能竞赛', /^基层工作部 2027年/);
  });

  it('未完成 this month points to the year-long work, and 全年未完成 lists it', async () => {
    await office().says('未完成').expectReply('全年工作还有');
    await office().says('全年未完成').expectReply('做好帮扶慰问工作', '未确认：权益保障部', '深化理论武装');
  });

  it('完成了哪些 and the goal’s own code show who confirmed it', async () => {
    await office().says('完成了哪些').expectReply('营造建党', '宣传教育部（周部长');
    const code = (await office().says('营造建党什么时候'))!.tasks[0]!.code;
    await office().says(code).expectReply('宣传教育部：已完成（周部长', '基层工作部：未确认', '女职工部：未确认');
  });

  it('the year-end ledger has a row per goal and department, with who confirmed it and what they reported', async () => {
    const today = shanghaiDate(shanghaiNoon(TODAY)!);
    const { catalog, pairs } = await loadPairs(database.db, 2027, today);
    const rows = ledgerRows(catalog.tasks, pairs).filter((r) => r.title.startsWith('营造建党'));
    expect(rows.map((r) => [r.department, r.status, r.who, r.note])).toEqual([
      ['宣传教育部', '已完成', '周部长', expect.stringContaining('开展主题宣传3场')],
      ['基层工作部', '未完成', '', ''],
      ['女职工部', '未完成', '', ''],
    ]);
  });

  it('partial progress on a goal stays in the ledger after the year is over, with who and what they reported', async () => {
    await xj().says('部分完成 推进职工技术创新 已评选成果12项').expectReply('已记录进展：宣传教育部 部分完成', '说明：已评选成果12项');
    const afterYear = shanghaiDate(shanghaiNoon('2028-01-10')!);
    const { catalog, pairs } = await loadPairs(database.db, 2027, afterYear);
    const rows = ledgerRows(catalog.tasks, pairs).filter((r) => r.title === '推进职工技术创新');
    expect(rows.map((r) => [r.department, r.status, r.who, r.note, r.figures.map((f) => f.text)])).toEqual([
      ['劳动和经济工作部', '逾期未完成', '', '', []],
      ['宣传教育部', '部分完成（逾期）', '周部长', '已评选成果12项', ['12项']],
    ]);
  });

  it('early next year, 逾期 and 进度 point to what last year’s plan still owes', async () => {
    chat.setToday('2028-01-05');
    try {
      await office().says('逾期').expectReply('2028年没有逾期未确认的任务', /2027年计划还有 \d+ 项逾期未确认，发送“2027年逾期”查看/);
      await office().says('2027年逾期').expectReply('2027年逾期未确认', '元旦春节送温暖活动');
      chat.setToday('2028-04-10');
      await office().says('逾期').expectNoMatch('2027年计划');
    } finally {
      chat.setToday(TODAY);
    }
  });
});

describe('a plan of goals only', () => {
  it('the office’s 进度 shows each department’s standing on the goals', async () => {
    const db = await freshDatabase();
    try {
      await db.db.transaction(async (tx) => {
        const plan = await insertPlan(tx, { title: '2027年工作要点', issuer: '测试工会', docNo: null, year: 2027, sourceName: 'g.md', sourceSha256: 'g' });
        const goal = (code: string, title: string, departments: string[]) => ({
          code, ref: code, title, detail: title, section: '', kind: 'goal' as const, windows: [], allYear: false, datesNote: null, departments,
        });
        await saveTask(tx, plan.id, 0, goal('G1A1', '深化理论武装', ['宣传部', '组织部']));
        await saveTask(tx, plan.id, 1, goal('G2B2', '维护职工权益', ['权益保障部']));
      });
      const office = await chatHarness({ database: db, today: '2027-06-10' });
      await office.as('办公室', '办公室群').says('进度')
        .expectReply('全年任务 2 项：部门确认完成 0/3', '宣传部：完成 0/1｜未完成 1：G1A1', '权益保障部：完成 0/1｜未完成 1：G2B2');
    } finally {
      await db.close();
    }
  });
});

