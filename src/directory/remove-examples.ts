import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import { audit } from '../../db/repositories/audit.js';
import { examplesDir } from '../bootstrap/load-examples.js';
import { readDirectoryFile } from './import-directory.js';

/** What removing the example data took out, and the example departments kept because real data uses them. */
export interface RemovedExamples {
  plans: { id: number; title: string }[];
  chats: string[];
  members: string[];
  departments: string[];
  /** Example departments the office's own plan, groups or people use: kept, losing the example's aliases. */
  kept: string[];
}

/** The example data `npm start` loaded on a first start that is still in the database (nothing written). */
export async function findExamples(database: Database): Promise<RemovedExamples> {
  return collect(database, database.db, false);
}

/**
 * Removes what the first start loaded from examples/: the example plan (its tasks and the confirmations tried on
 * them), the example directory's console groups and people, and its departments. A department the office's own
 * plan, groups, people or confirmations use is kept, and loses the example's aliases (人事处 of 组织人事处 would
 * otherwise capture the office's own 人事处) unless they were changed since. One transaction, audited.
 */
export async function removeExamples(database: Database): Promise<RemovedExamples> {
  return database.db.transaction(async (tx) => {
    const removed = await collect(database, tx, true);
    await audit(tx, { actor: 'cli', action: 'examples.remove', details: { ...removed } });
    return removed;
  });
}

async function collect(database: Database, db: DbOrTx, write: boolean): Promise<RemovedExamples> {
  const example = await readDirectoryFile(path.join(examplesDir, 'directory.yaml'));
  const plans = await database.rows<{ id: number; title: string }>(sql`
    select id, title from plans where exists (select 1 from audit_log
      where actor = 'examples' and subject = 'plan:' || plans.id) order by id`, db);
  const planIds = plans.map((p) => Number(p.id));
  if (write && planIds.length) await database.rows(sql`delete from plans where id in (${list(planIds)})`, db);
  // Never empty lists: `in ()` is not SQL, and no plan has id 0 nor any group or person an empty id.
  const notExample = list([0, ...planIds]);
  const consoleChats = example.chats.filter((c) => c.platform === 'console');
  const consoleMembers = example.members.filter((m) => m.platform === 'console');
  const chats: string[] = [];
  for (const c of consoleChats) {
    const found = await database.rows<{ id: number; name: string | null }>(sql`
      select id, name from chats where platform = 'console' and external_id = ${c.id}`, db);
    for (const row of found) {
      chats.push(row.name ?? c.id);
      if (write) {
        // A console group is never pushed to: anything queued for it could not go anywhere.
        await database.rows(sql`delete from outbox where chat_id = ${row.id}`, db);
        await database.rows(sql`delete from chats where id = ${row.id}`, db);
      }
    }
  }
  const members: string[] = [];
  for (const m of consoleMembers) {
    // Someone whose confirmation of the office's own work is on record stays, so the record keeps its name.
    const found = await database.rows<{ id: number; name: string | null }>(sql`
      select id, name from members where platform = 'console' and external_id = ${m.id}
        and not exists (select 1 from confirmations c join tasks t on t.id = c.task_id
          where c.member_id = members.id and t.plan_id not in (${notExample}))`, db);
    for (const row of found) {
      members.push(row.name ?? m.id);
      if (write) {
        await database.rows(sql`delete from confirmations where member_id = ${row.id}`, db);
        await database.rows(sql`delete from members where id = ${row.id}`, db);
      }
    }
  }
  const departments: string[] = [];
  const kept: string[] = [];
  const exampleChats = list(['', ...consoleChats.map((c) => c.id)]);
  const exampleMembers = list(['', ...consoleMembers.map((m) => m.id)]);
  for (const d of example.departments) {
    const found = await database.rows<{ id: number; aliases: string[]; used: boolean }>(sql`
      select id, aliases,
        exists (select 1 from task_departments td join tasks t on t.id = td.task_id
                 where td.department_id = departments.id and t.plan_id not in (${notExample}))
        or exists (select 1 from chats where department_id = departments.id and not (platform = 'console' and external_id in (${exampleChats})))
        or exists (select 1 from members where department_id = departments.id and not (platform = 'console' and external_id in (${exampleMembers})))
        or exists (select 1 from confirmations c join tasks t on t.id = c.task_id
                 where c.department_id = departments.id and t.plan_id not in (${notExample})) as used
      from departments where name = ${d.name}`, db);
    const row = found[0];
    if (!row) continue;
    if (row.used) {
      // Only the example's own aliases go; a department whose aliases the office has set since is left alone.
      const untouched = [...row.aliases].sort().join('|') === [...(d.aliases ?? [])].sort().join('|');
      if (untouched && row.aliases.length) kept.push(d.name);
      if (write && untouched) await database.rows(sql`update departments set aliases = '{}'::text[] where id = ${row.id}`, db);
    } else {
      departments.push(d.name);
      if (write) {
        await database.rows(sql`update departments set parent_id = null where parent_id = ${row.id}`, db);
        await database.rows(sql`delete from departments where id = ${row.id}`, db);
      }
    }
  }
  return { plans: plans.map((p) => ({ id: Number(p.id), title: p.title })), chats, members, departments, kept };
}

/** Values as a SQL list, for `in (…)`. */
const list = (values: (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
