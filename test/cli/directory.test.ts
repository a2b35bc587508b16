import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

const directory = path.resolve(import.meta.dirname, '../../examples/directory.yaml');
let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => { database = await freshDatabase(); });
afterAll(async () => { await database?.close(); });


/** A directory file of these lines in a fresh temporary folder. */
function directoryFile(name: string, lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'planbot-dir-')), name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('planbot directory import', () => {
  it('imports departments with aliases, chats and members, and re-importing is an update', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await planbot(['directory', 'import', directory], { database });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('通讯录已导入');
    }
    const depts = await database.rows<{ name: string; aliases: string[] }>(sql`select name, aliases from departments order by name`);
    expect(depts.find((d) => d.name === '局工会经审委')?.aliases).toEqual(['经审委', '经费审查委员会']);
    const chats = await database.rows<{ external_id: string; is_office: boolean; dept: string }>(sql`
      select c.external_id, c.is_office, d.name as dept from chats c join departments d on d.id = c.department_id order by c.id`);
    expect(chats).toHaveLength(4);
    expect(chats[0]).toMatchObject({ external_id: 'office', is_office: true, dept: '局工会' });
    const heads = await database.rows<{ name: string }>(sql`select name from members where role = 'head' order by id`);
    expect(heads.map((h) => h.name)).toEqual(['李处长', '赵主席']);
    const audit = await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'directory.import'`);
    expect(audit[0]!.n).toBe(2);
  });

  it('a chat may name its department by an alias; a name found nowhere is registered and reported, as it is often a typo', async () => {
    const file = directoryFile('more.yaml', [
      'chats:',
      '  - { platform: console, id: alias-chat, name: 经审委群, department: 经审委 }',
      '  - { platform: console, id: typo-chat, name: 人事群, department: 组织人世处 }',
    ]);
    const r = await planbot(['directory', 'import', file], { database });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('注意：“组织人世处”不在已导入的计划和通讯录的部门中');
    expect(r.stdout).not.toContain('“经审委”');
    const bound = await database.rows<{ external_id: string; dept: string }>(sql`
      select c.external_id, d.name as dept from chats c join departments d on d.id = c.department_id
      where c.external_id in ('alias-chat', 'typo-chat') order by c.external_id`);
    expect(bound).toEqual([{ external_id: 'alias-chat', dept: '局工会经审委' }, { external_id: 'typo-chat', dept: '组织人世处' }]);
    const empty = directoryFile('empty.yaml', ['# nothing yet', '']);
    const e = await planbot(['directory', 'import', empty], { database });
    expect(e.stdout).toContain('文件中没有部门、群或人员');
  });

  it('a head registered before and missing from a file’s people is kept and named, so one who has left is not @-ed unknowingly', async () => {
    const file = directoryFile('new-head.yaml', ['members:', '  - { platform: console, id: liu, name: 刘处长, department: 组织人事处, role: head }']);
    const r = await planbot(['directory', 'import', file], { database });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('注意：李处长（组织人事处）、赵主席（机关工会）仍登记为负责人，但不在本文件的人员中');
    expect(r.stdout).toContain('取消负责人 @姓名');
    const heads = async () => (await database.rows<{ name: string }>(sql`select name from members where role = 'head' order by id`)).map((h) => h.name);
    expect(await heads()).toEqual(['李处长', '赵主席', '刘处长']);
    // The whole roster, 李处长 now staff: nothing to say, and 李处长 is no longer a head.
    writeFileSync(file, ['members:', '  - { platform: console, id: li, name: 李处长, department: 组织人事处, role: staff }',
      '  - { platform: console, id: zhao, name: 赵主席, department: 机关工会, role: head }',
      '  - { platform: console, id: liu, name: 刘处长, department: 组织人事处, role: head }'].join('\n'));
    const again = await planbot(['directory', 'import', file], { database });
    expect(again.stdout).not.toContain('仍登记为负责人');
    expect(await heads()).toEqual(['赵主席', '刘处长']);
    // A file without people says nothing about them.
    expect((await planbot(['directory', 'import', directoryFile('chats-only.yaml', ['chats:',
      '  - { platform: console, id: hr, name: 组织人事处工会群, department: 组织人事处 }'])], { database })).stdout).not.toContain('仍登记为负责人');
    // Back as the examples have it, for the tests below.
    writeFileSync(file, ['members:', '  - { platform: console, id: li, name: 李处长, department: 组织人事处, role: head }',
      '  - { platform: console, id: liu, name: 刘处长, department: 组织人事处, role: staff }'].join('\n'));
    await planbot(['directory', 'import', file], { database });
    expect(await heads()).toEqual(['李处长', '赵主席']);
  });

  it('says so when office groups are of different departments, or none has a department, or there is none', async () => {
    // An office group of another department: work a plan names no department for stays 局工会’s (the first one's).
    const other = directoryFile('office2.yaml', ['chats:', '  - { platform: dingtalk, id: office-dt, name: 钉钉办公室群, department: 组织人事处, office: true }']);
    const r = await planbot(['directory', 'import', other], { database });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('注意：办公室群分属不同部门（局工会办公室群：局工会，钉钉办公室群：组织人事处）。计划中没有写明负责部门的任务算作局工会的任务');
    // Bound to the same department: nothing to say.
    writeFileSync(other, 'chats:\n  - { platform: dingtalk, id: office-dt, name: 钉钉办公室群, department: 局工会, office: true }\n');
    expect((await planbot(['directory', 'import', other], { database })).stdout).not.toContain('注意：办公室群');

    const fresh = await freshDatabase();
    try {
      const none = directoryFile('none.yaml', ['chats:', '  - { platform: console, id: c1, name: 机关群, department: 机关工会 }']);
      expect((await planbot(['directory', 'import', none], { database: fresh })).stdout).toContain('注意：通讯录中还没有办公室群（office: true）');
      const unbound = directoryFile('unbound.yaml', ['chats:', '  - { platform: console, id: o1, name: 办公室群, office: true }']);
      expect((await planbot(['directory', 'import', unbound], { database: fresh })).stdout).toContain('注意：办公室群没有写明所属部门（department）');
    } finally {
      await fresh.close();
    }
  });

  it('a plan’s department that reads as another’s alias behind a department’s name (局工会女工委) is pointed out, and folded in once the file says so', async () => {
    const fresh = await freshDatabase();
    try {
      const plan = directoryFile('plan.md', ['# 2026年局工会工作计划', '', '| 序号 | 计划时间 | 内容 | 负责部门 |', '|---|---|---|---|',
        '| 1 | 3月 | 女职工专题活动 | 局工会女工委 |', '| 2 | 7-8月 | 送清凉高温慰问 | 各基层工会 |']);
      expect((await planbot(['import', plan, '--yes'], { database: fresh })).code).toBe(0);
      const first = await planbot(['directory', 'import', directory], { database: fresh });
      expect(first.stdout).toContain('提示：计划中的“局工会女工委”可能就是女职工委员会。如是，请在通讯录中把“局工会女工委”加为女职工委员会的别名');
      expect(first.stdout).not.toContain('“各基层工会”可能就是');
      const fixed = directoryFile('fixed.yaml', ['departments:', '  - { name: 女职工委员会, aliases: [女工委, 局工会女工委] }']);
      const again = await planbot(['directory', 'import', fixed], { database: fresh });
      expect(again.stdout).toContain('已合并：“局工会女工委”即女职工委员会');
      expect(again.stdout).not.toContain('可能就是');
      const [owner] = await fresh.rows<{ name: string }>(sql`select d.name from tasks t join task_departments td on td.task_id = t.id
        join departments d on d.id = td.department_id where t.title like '%女职工专题活动%'`);
      expect(owner!.name).toBe('女职工委员会');
    } finally {
      await fresh.close();
    }
  });

  it('names the departments with planned work and no group to get its reminders, as when a group is rebound elsewhere', async () => {
    const fresh = await freshDatabase();
    try {
      expect((await planbot(['import', path.resolve(import.meta.dirname, '../../examples/plan-2026.md')], { database: fresh })).code).toBe(0);
      const first = await planbot(['directory', 'import', directory], { database: fresh });
      expect(first.stdout).toMatch(/注意：女职工委员会、安全监督处、各基层工会、局工会经审委在计划中有任务，但还没有绑定群，收不到提醒/);
      expect(first.stdout).not.toMatch(/注意：[^\n]*财务处[^\n]*还没有绑定群/);
      // 财务处's group now bound to 局工会经审委: 财务处 is left without one, and is named.
      const rebound = directoryFile('rebound.yaml', ['chats:', '  - { platform: console, id: finance, name: 财务处工会群, department: 局工会经审委 }']);
      expect((await planbot(['directory', 'import', rebound], { database: fresh })).stdout).toMatch(/注意：[^\n]*财务处[^\n]*还没有绑定群/);
    } finally {
      await fresh.close();
    }
  });

  it('a group, person or department written twice, or an alias under two departments, is refused before anything is written', async () => {
    const before = await database.rows(sql`select * from chats order by id`);
    const file = directoryFile('twice.yaml', [
      'departments:', '  - { name: 财务处, aliases: [工会] }', '  - { name: 财务处 }',
      'chats:', '  - { platform: console, id: dup, name: 群A, department: 财务处 }', '  - { platform: console, id: dup, name: 群B, department: 财务处 }',
      'members:', '  - { platform: wecom, id: u1, name: 甲 }', '  - { platform: wecom, id: u1, name: 乙 }',
    ]);
    const r = await planbot(['directory', 'import', file], { database });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('通讯录文件中有重复的条目，未导入');
    expect(r.stderr).toContain('departments 第 1 项和第 2 项都是部门“财务处”');
    expect(r.stderr).toContain('chats 第 1 项和第 2 项是同一个群（控制台 dup）');
    expect(r.stderr).toContain('members 第 1 项和第 2 项是同一个人（企业微信 u1）');
    const shared = directoryFile('shared.yaml', ['departments:', '  - { name: 局工会, aliases: [工会] }', '  - { name: 财务处, aliases: [工会] }']);
    expect((await planbot(['directory', 'import', shared], { database })).stderr).toContain('别名“工会”同时写在局工会、财务处下');
    expect(await database.rows(sql`select * from chats order by id`)).toEqual(before);
    // A plan given to directory import is pointed to import.
    const plan = await planbot(['directory', 'import', path.resolve(import.meta.dirname, '../../examples/plan-2026.md')], { database });
    expect(plan.stderr).toContain('plan-2026.md 看起来是计划文件，不是通讯录（.yaml）。导入计划请用 npm run --silent planbot -- import plan-2026.md');
    // A group with no department is imported, and said to get no department's reminders.
    const loose = directoryFile('loose.yaml', ['chats:', '  - { platform: console, id: lobby, name: 大厅群 }']);
    expect((await planbot(['directory', 'import', loose], { database })).stdout).toContain('“大厅群”没有写明所属部门（department），不会收到任何部门的提醒');
  });

  it('a malformed file is refused with the line, and nothing is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'planbot-dir-'));
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'chats:\n  - { platform: wecom, id: "x"\n   name: 1\n');
    const before = await database.rows<{ n: number }>(sql`select count(*)::int as n from chats`);
    const r = await planbot(['directory', 'import', bad], { database });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/格式有误/);
    const wrong = path.join(dir, 'wrong.yaml');
    writeFileSync(wrong, 'chats:\n  - { platform: telegram, id: "x" }\n');
    const r2 = await planbot(['directory', 'import', wrong], { database });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('chats 第 1 项的 platform 取值无效，可选 wecom、dingtalk、console');
    // A misspelt key is not dropped silently (the group would lose its department and its reminders).
    const typo = path.join(dir, 'typo.yaml');
    writeFileSync(typo, 'chats:\n  - platform: wecom\n    id: c-typo\n    departmnet: 机关工会\nmember:\n  - platform: wecom\n');
    const r3 = await planbot(['directory', 'import', typo], { database });
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('chats 第 1 项有不认识的字段 departmnet（可能拼写有误；可用的字段：platform、id、name、department、office、push）');
    expect(r3.stderr).toContain('文件顶层有不认识的字段 member');
    const after = await database.rows<{ n: number }>(sql`select count(*)::int as n from chats`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('a push address that is not the platform robot’s, a secret without SEC, or a misspelt push key is refused before writing', async () => {
    const file = directoryFile('push.yaml', [
      'chats:',
      '  - { platform: wecom, id: w1, name: 办公室群, push: { webhook: "https://evil.example.com/cgi-bin/webhook/send?key=K" } }',
      '  - { platform: dingtalk, id: d1, name: 机关群, push: { webhook: "https://oapi.dingtalk.com/robot/send?access_token=T", secret: "abc123" } }',
      '  - { platform: dingtalk, id: d2, name: 财务群, push: { webhok: "https://oapi.dingtalk.com/robot/send?access_token=T" } }',
      '  - { platform: wecom, id: w2, name: 好群, push: { webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=GOOD" } }',
    ]);
    const before = await database.rows<{ n: number }>(sql`select count(*)::int as n from chats`);
    const r = await planbot(['directory', 'import', file], { database });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('chats 第 1 项（办公室群）的 push.webhook 不是企业微信群机器人的地址，应为 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…');
    expect(r.stderr).toContain('chats 第 2 项（机关群）的 push.secret 不是钉钉机器人“加签”的密钥');
    expect(r.stderr).toContain('chats 第 3 项（财务群）的 push 有不认识的字段 webhok');
    expect(r.stderr).not.toContain('好群');
    expect(r.stderr).not.toContain('key=K'); // the key is a secret: only the expected shape is shown
    expect((await database.rows<{ n: number }>(sql`select count(*)::int as n from chats`))[0]!.n).toBe(before[0]!.n);
    // The same addresses on a base the bot is configured for are accepted.
    writeFileSync(file, 'chats:\n  - { platform: wecom, id: w3, name: 自建群, push: { webhook: "https://wecom.internal/cgi-bin/webhook/send?key=K" } }\n');
    expect((await planbot(['directory', 'import', file], { database, env: { WECOM_API_BASE: 'https://wecom.internal' } })).code).toBe(0);
  });
});
