import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

/**
 * A plan may name a department by an alias the directory gives it (人事处 for 组织人事处, 经审委 for 局工会经审委,
 * 女工委 for 女职工委员会: examples/directory.yaml). Whichever is imported first, the work is that department's:
 * its group gets the reminders and its head confirms it.
 */
const root = path.resolve(import.meta.dirname, '../..');
const PLAN = path.join(root, 'test/fixtures/plans/aliases-2026.md');
const DIRECTORY = path.join(root, 'examples/directory.yaml');

let database: Database | undefined;
afterEach(async () => { await database?.close(); database = undefined; });

type Push = { chat: string; department: string | null; kind: string; tasks: string[]; text: string };

async function run(...args: string[]) {
  const r = await planbot(args, { database });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}
async function importPlan() {
  const tasks = JSON.parse(await run('import', PLAN, '--json')).tasks as { code: string; title: string; departments: string[] }[];
  // The import's JSON keeps the departments as the plan writes them (CLI contract).
  expect(tasks.map((t) => t.departments)).toEqual([['经审委'], ['女工委', '人事处']]);
  return Object.fromEntries(tasks.map((t) => [t.title, t.code]));
}
const kickoffs = async () => (JSON.parse(await run('remind', '--at', '2026-03-02T09:00:00+08:00', '--dry-run', '--json')) as Push[])
  .filter((p) => p.kind === 'kickoff');

describe('departments a plan names by their aliases', () => {
  it('directory first: the plan’s 人事处 work goes to 组织人事处’s group, and its head may confirm it', async () => {
    database = await freshDatabase();
    await run('directory', 'import', DIRECTORY);
    const codes = await importPlan();
    const womenDay = codes['三八节女职工活动']!;
    const pushes = await kickoffs();
    expect(pushes.find((p) => p.chat === '组织人事处工会群')).toMatchObject({ department: '组织人事处', tasks: [womenDay] });
    expect(await run('ask', `${womenDay} 什么时候`)).toContain('女职工委员会、组织人事处');
    expect(await run('ask', `完成 ${womenDay}`, '--chat', '组织人事处工会群', '--user', '李处长', '--today', '2026-03-10'))
      .toContain(`已记录：组织人事处 完成 ${womenDay}`);
  });

  it('plan first: the directory folds 人事处 into 组织人事处, with what was confirmed for it meanwhile', async () => {
    database = await freshDatabase();
    const codes = await importPlan();
    const womenDay = codes['三八节女职工活动']!;
    expect(await run('ask', `完成 ${womenDay} 人事处 已办`, '--today', '2026-03-10')).toContain(`已记录：人事处 完成 ${womenDay}`);
    const out = await run('directory', 'import', DIRECTORY);
    expect(out).toContain('“人事处”即组织人事处');
    expect(out).toContain('“经审委”即局工会经审委');
    // Confirmed before the merge: 组织人事处's group is not reminded; 女职工委员会 has no group, 局工会经审委 neither.
    expect((await kickoffs()).map((p) => p.chat)).not.toContain('组织人事处工会群');
    const progress = await run('ask', `${womenDay}`, '--today', '2026-03-10');
    expect(progress).toContain('组织人事处：已完成');
    expect(await run('ask', '部门列表')).toContain('共 7 个部门'); // those of the directory, no second 人事处
  });

  it('a department renamed in one directory import (组织人事处 → 人事处, its group and head moved in the same file)', async () => {
    database = await freshDatabase();
    await run('directory', 'import', DIRECTORY);
    const codes = await importPlan();
    const womenDay = codes['三八节女职工活动']!;
    expect(await run('ask', `完成 ${womenDay} 已办`, '--chat', '组织人事处工会群', '--user', '李处长', '--today', '2026-03-10'))
      .toContain(`已记录：组织人事处 完成 ${womenDay}`);
    const renamed = path.join(mkdtempSync(path.join(tmpdir(), 'rename-')), 'directory.yaml');
    writeFileSync(renamed, [
      'departments:', '  - { name: 人事处, aliases: [组织人事处, 组织处] }',
      'chats:', '  - { platform: console, id: hr, name: 人事处工会群, department: 人事处 }',
      'members:', '  - { platform: console, id: li, name: 李处长, department: 人事处, role: head }', ''].join('\n'));
    const out = await run('directory', 'import', renamed);
    expect(out).toContain('“组织人事处”即人事处');
    expect(out).not.toContain('未合并');
    // One department, with its group, head, work and what it had confirmed.
    expect(await run('ask', `${womenDay}`, '--today', '2026-03-10')).toContain('人事处：已完成');
    expect(await run('ask', '撤销 ' + womenDay, '--chat', '人事处工会群', '--user', '李处长', '--today', '2026-03-11'))
      .toContain(`已撤销：人事处 ${womenDay}`);
  });
});
