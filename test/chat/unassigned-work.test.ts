import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { officeDepartment } from '../../db/repositories/departments.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { chatHarness, type ChatHarness } from '../helpers/chat.js';
import { planbot } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * Work a plan gives no department is the office's (the department of the office group): confirmed by it, counted
 * under it. It is not reminded: reminders go to the departments a task names (design §5). The plan (test/fixtures/plans/jiaotong-2027-key-points.md) has 新建 10 个
 * “司机之家” (6月) and the goal 加强自身建设 with no department.
 */
const PLAN = fileURLToPath(new URL('../fixtures/plans/jiaotong-2027-key-points.md', import.meta.url));
let database: Database;
let chat: ChatHarness;
let codes: Record<string, string>;

beforeAll(async () => {
  database = await freshDatabase();
  const r = await importPlan(PLAN, { database });
  codes = Object.fromEntries(r.parsed.tasks.map((t, i) => [t.title, r.codes[i]!]));
  await importDirectory(database, directorySchema.parse({
    chats: [
      { platform: 'console', id: 'office', name: '局工会办公室群', department: '局工会', office: true },
      { platform: 'console', id: 'xj', name: '宣传教育部群', department: '宣传教育部' },
    ],
    members: [
      { platform: 'console', id: 'wang', name: '王主席', department: '局工会', role: 'admin' },
      { platform: 'console', id: 'zhou', name: '周部长', department: '宣传教育部', role: 'head' },
    ],
  }));
  chat = await chatHarness({ database, today: '2027-06-10' });
});
afterAll(async () => database?.close());

describe('work the plan gives no department', () => {
  it('gets no reminders: design §5 sends them to the departments a task names', async () => {
    const r = await planbot(['remind', '--at', '2027-06-01T09:00:00+08:00', '--dry-run', '--json'], { database });
    expect((JSON.parse(r.stdout) as { tasks: string[] }[]).flatMap((p) => p.tasks)).not.toContain(codes['新建 10 个“司机之家”']);
  });

  it('the office confirms it, by code or by its words; another department is told whose it is', async () => {
    const stations = codes['新建 10 个“司机之家”']!;
    await chat.as('周部长', 'xj', { userId: 'zhou' }).says(`完成 ${stations}`).expectReply('由局工会负责，不是宣传教育部的任务');
    await chat.as('王主席', 'office', { userId: 'wang' }).says(`完成 ${stations} 已建成10个`)
      .expectReply(`已记录：局工会 完成 ${stations}`, '数据：10个');
    await chat.as('王主席', 'office', { userId: 'wang' }).says('自身建设已完成').expectReply('已记录：局工会 完成', '加强自身建设');
  });

  it('progress counts it under the office', async () => {
    await chat.as('王主席', 'office', { userId: 'wang' }).says('局工会进度').expectReply('局工会：完成 1/1');
    await chat.as('王主席', 'office', { userId: 'wang' }).says('完成了哪些').expectReply('加强自身建设（全年）：局工会（王主席');
  });

  it('the office is the real office group’s department, not that of a console copy made by ask --chat', async () => {
    // A copy made earlier (lower id) of an office group bound to another department, as ask --chat makes them.
    await database.rows(sql`insert into departments (name) values ('旧办公室') on conflict do nothing`);
    await database.rows(sql`insert into chats (id, platform, external_id, name, department_id, is_office, receives_reminders)
      select 0, 'console', '旧办公室群', '旧办公室群', id, true, false from departments where name = '旧办公室'`);
    expect(await officeDepartment(database.db)).toMatchObject({ name: '局工会' });
  });
});

