import type { Database } from '../../db/client.js';
import { insertPlan, saveTask, type NewTask } from '../../db/repositories/plans.js';
import type { Window } from '../../db/schema.js';

const w = (startMonth: number, endMonth = startMonth, year = 2026, endYear = year): Window =>
  ({ startYear: year, startMonth, endYear, endMonth });

const task = (code: string, title: string, windows: Window[], departments: string[], extra: Partial<NewTask> = {}): NewTask => ({
  code, ref: `attachment #${code}`, title, detail: title, section: '附件', kind: 'scheduled', windows,
  allYear: false, datesNote: null, departments, ...extra,
});

/** A small 2026 plan written straight into the database, for tests that must not depend on ../shared. */
export async function seedMiniPlan(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    const plan = await insertPlan(tx, {
      title: '2026 年测试工会工作计划', issuer: '测试工会', docNo: '测工〔2026〕1号', year: 2026,
      sourceName: 'mini.txt', sourceSha256: 'mini',
    });
    const tasks = [
      task('K7Q2', '送清凉高温慰问（慰问一线）', [w(7, 8)], ['局工会']),
      task('T9B3', '组织体检', [w(9)], ['局工会', '组织人事处']),
      task('R4M5', '组织疗休养', [w(4, 5)], ['局工会', '组织人事处'], { datesNote: '4 或 5 月' }),
      task('H7N7', '机关工会换届选举', [w(1, 1, 2027)], ['局工会', '机关工会'], { datesNote: '2027 年 1 月' }),
      task('C7U2', '开展立功竞赛活动', [w(1, 12)], ['局工会'], { allYear: true, datesNote: '全年' }),
      task('G3G4', '深化工会改革', [], [], { kind: 'goal' }),
    ];
    for (const [i, t] of tasks.entries()) await saveTask(tx, plan.id, i, t);
  });
}
