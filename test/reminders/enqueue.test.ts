import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireReminders } from '../../src/reminders/fire.js';
import { reminderSettings } from '../../src/reminders/settings.js';
import { instantAt } from '../../src/schedule/days.js';
import { freshDatabase, onServer } from '../helpers/db.js';

const settings = reminderSettings();
let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => { database = await freshDatabase(); });
afterAll(async () => { await database?.close(); });

/** One October task for `n` departments, each with its own bound chat (and so its own robot). */
async function seedFanOut(n: number) {
  await database.rows(sql`insert into plans (title, year, source_name, source_sha256) values ('扇出测试计划', 2026, 'x.md', 'x')`);
  await database.rows(sql`insert into tasks (plan_id, position, code, ref, title, kind, windows)
    select id, 0, 'FAN1', '1', '组织职工疗休养', 'scheduled', '[{"startYear":2026,"startMonth":10,"endYear":2026,"endMonth":10}]'::jsonb
    from plans`);
  await database.rows(sql`insert into departments (name) select '基层工会' || g from generate_series(1, ${n}) g`);
  await database.rows(sql`insert into task_departments (task_id, department_id, role, position)
    select t.id, d.id, case when d.id = 1 then 'lead' else 'assist' end, d.id - 1 from tasks t, departments d`);
  await database.rows(sql`insert into chats (platform, external_id, name, department_id, push)
    select 'wecom', 'chat' || d.id, d.name || '群', d.id,
      jsonb_build_object('webhook', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' || d.id)
    from departments d`);
}

describe('enqueue', () => {
  const n = onServer ? 10_000 : 2_000;

  // How fast is measured by `npm run bench` (bench/fanout.ts), not here.
  it(`decides and enqueues a month kick-off for ${n} chats, once`, async () => {
    await seedFanOut(n);
    const at = instantAt('2026-10-08', '09:00');
    const first = await fireReminders(database, at, { settings });
    expect(first.pushes).toHaveLength(n);
    expect(first.inserted).toBe(n);
    const rows = await database.rows<{ n: number; robots: number }>(
      sql`select count(*)::int as n, count(distinct robot_key)::int as robots from outbox where kind = 'kickoff'`);
    expect(rows[0]).toEqual({ n, robots: n });
    // No webhook key in the outbox.
    const leaked = await database.rows(sql`select id from outbox where robot_key like '%key=%' or payload::text like '%webhook%' limit 1`);
    expect(leaked).toEqual([]);

    const again = await fireReminders(database, at, { settings });
    expect(again).toMatchObject({ inserted: 0, skipped: n });
  });

  it('a dry run decides the same pushes and writes nothing', async () => {
    const before = await database.rows<{ n: number }>(sql`select count(*)::int as n from outbox`);
    const r = await fireReminders(database, instantAt('2026-10-26', '09:00'), { settings, dryRun: true });
    expect(r.pushes.filter((p) => p.push.kind === 'nudge')).toHaveLength(n);
    expect(r.inserted).toBe(0);
    expect(await database.rows(sql`select count(*)::int as n from outbox`)).toEqual(before);
  });
});
