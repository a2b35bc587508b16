import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { insertPlan, saveTask } from '../../db/repositories/plans.js';
import { directorySchema, importDirectory } from '../../src/directory/import-directory.js';
import { freshDatabase } from '../helpers/db.js';

/**
 * Folding a department a plan made under an alias into the directory's department (see department-aliases.test.ts
 * for the whole flow): nothing the branch heads reported is lost, the lead stays the lead, and only a name that is
 * plainly one department's alias is folded.
 */
let database: Database | undefined;
afterEach(async () => { await database?.close(); database = undefined; });

const W = { startYear: 2026, startMonth: 3, endYear: 2026, endMonth: 3 };
async function planWith(departments: string[]) {
  database = await freshDatabase();
  return database.db.transaction(async (tx) => {
    const plan = await insertPlan(tx, { title: '测试计划', issuer: '测试工会', docNo: null, year: 2026, sourceName: 't.md', sourceSha256: 't' });
    return saveTask(tx, plan.id, 0, {
      code: 'C3X3', ref: '1', title: '工会经费审查', detail: '', section: '', kind: 'scheduled', windows: [W], allYear: false,
      datesNote: null, departments,
    });
  });
}
const deptId = async (name: string) => (await database!.rows<{ id: number }>(sql`select id from departments where name = ${name}`))[0]?.id;
async function confirm(taskId: number, department: string, status: string, note: string, at: string) {
  await database!.rows(sql`insert into confirmations (task_id, window_index, department_id, status, note, updated_at)
    values (${taskId}, 0, ${(await deptId(department))!}, ${status}, ${note}, ${at}::timestamptz)`);
}
const links = async () => database!.rows<{ name: string; role: string }>(sql`select d.name, td.role from task_departments td
  join departments d on d.id = td.department_id order by td.position, d.id`);
const records = async () => database!.rows<{ name: string; status: string; note: string }>(sql`select d.name, c.status, c.note
  from confirmations c join departments d on d.id = c.department_id order by c.id`);
const directory = (o: object) => importDirectory(database!, directorySchema.parse(o));

describe('folding a plan’s alias department into the directory’s', () => {
  it('a done record beats a partial one of the same window, whichever department had it; the lead stays the lead', async () => {
    const task = await planWith(['人事处', '组织人事处']);
    await confirm(task, '人事处', 'done', '已审查完毕 审计5个单位', '2026-03-10T10:00:00+08:00');
    await confirm(task, '组织人事处', 'partial', '正在推进', '2026-03-12T10:00:00+08:00');
    const r = await directory({ departments: [{ name: '组织人事处', aliases: ['人事处'] }] });
    expect(r.merged).toEqual([{ alias: '人事处', into: '组织人事处',
      replacedConfirmations: [expect.objectContaining({ status: 'partial', note: '正在推进' })] }]);
    expect(await records()).toEqual([{ name: '组织人事处', status: 'done', note: '已审查完毕 审计5个单位' }]);
    expect(await links()).toEqual([{ name: '组织人事处', role: 'lead' }]);
    expect(await deptId('人事处')).toBeUndefined();
    const [audit] = await database!.rows<{ details: { merged: unknown[] } }>(sql`select details from audit_log where action = 'directory.import'`);
    expect(JSON.stringify(audit!.details.merged)).toContain('正在推进');
  });

  it('an alias two departments share, or a department with a group of its own, is left apart and reported', async () => {
    await planWith(['办公室', '宣传部']);
    await directory({ chats: [{ platform: 'console', id: 'xc', name: '宣传部群', department: '宣传部' }] });
    const r = await directory({ departments: [
      { name: '机关工会', aliases: ['办公室'] }, { name: '局工会', aliases: ['办公室'] }, { name: '宣传教育部', aliases: ['宣传部'] },
    ] });
    expect(r.merged).toEqual([]);
    expect(r.notMerged).toEqual([
      { alias: '办公室', reason: '同时是机关工会、局工会的别名' },
      { alias: '宣传部', reason: '已有自己的群或人员，是否与宣传教育部为同一部门请核实' },
    ]);
    expect((await links()).map((l) => l.name)).toEqual(['办公室', '宣传部']);
  });

  it('sub-departments move over, never under themselves; the target keeps its own aliases and gains the other’s', async () => {
    await planWith(['乙部门']);
    await directory({ departments: [{ name: '乙部门', parent: '甲部门' }, { name: '甲部门', aliases: ['甲'] }] });
    // 甲部门 has no group or people: a later file saying it is 乙部门's alias folds it in.
    await directory({ departments: [{ name: '乙部门', aliases: ['甲部门', '乙'] }] });
    const rows = await database!.rows<{ name: string; parent_id: number | null; aliases: string[] }>(
      sql`select name, parent_id, aliases from departments order by id`);
    expect(rows).toEqual([{ name: '乙部门', parent_id: null, aliases: expect.arrayContaining(['甲部门', '乙', '甲']) }]);
  });
});
