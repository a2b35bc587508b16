import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertChat } from '../../db/repositories/directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { fireReminders } from '../../src/reminders/fire.js';
import { reminderSettings } from '../../src/reminders/settings.js';
import { instantAt } from '../../src/schedule/days.js';
import { firstWorkdayOfMonth } from '../../src/schedule/workdays.js';
import { freshDatabase } from '../helpers/db.js';

const settings = reminderSettings();
const plan = path.resolve(import.meta.dirname, '../../examples/plan-2026.md');
let database: Awaited<ReturnType<typeof freshDatabase>>;
let hrId: number;
beforeAll(async () => {
  database = await freshDatabase();
  await importPlan(plan, { database });
  [{ id: hrId }] = await database.rows<{ id: number }>(sql`select id from departments where name = '局工会'`) as [{ id: number }];
  await upsertChat(database.db, { platform: 'console', externalId: 'hr-1', name: '局工会群', departmentId: hrId });
});
afterAll(async () => { await database?.close(); });

const fire = (day: string) => fireReminders(database, instantAt(day, '09:00'), { settings });
const kickoffs = (r: Awaited<ReturnType<typeof fire>>) => r.pushes.filter((p) => p.push.kind === 'kickoff');

describe('a plan imported in mid-March', () => {
  it('the next kick-off time announces the windows already under way, once, marked as sent late', async () => {
    const first = await fire('2026-03-10');
    const late = kickoffs(first);
    expect(late).toHaveLength(1);
    expect(late[0]!.push.late).toBe(true);
    const text = late[0]!.rendered.parts.join('\n');
    expect(text).toContain('【任务开始·补发】局工会');
    // March work and all-year work of 局工会, each with its code and the reply words.
    const codes = late[0]!.push.items.map((i) => i.code);
    expect(codes.length).toBeGreaterThan(0);
    for (const i of late[0]!.push.items) {
      expect(i.deadline >= '2026-03-10').toBe(true);
      expect(text).toContain(`完成 ${i.code}`);
    }
    expect(late[0]!.push.items.some((i) => i.allYear)).toBe(true);
    expect(first.inserted).toBeGreaterThan(0);

    // The same fire again enqueues nothing more; the next day nothing is announced again.
    expect((await fire('2026-03-10')).inserted).toBe(0);
    expect(kickoffs(await fire('2026-03-11'))).toEqual([]);
  });

  it('a chat bound later gets its own late kick-off; the chat already told does not', async () => {
    await upsertChat(database.db, { platform: 'console', externalId: 'hr-2', name: '局工会第二群', departmentId: hrId });
    const late = kickoffs(await fire('2026-03-12'));
    expect(late.map((p) => p.push.chat.externalId)).toEqual(['hr-2']);
    expect(late[0]!.push.late).toBe(true);
  });

  it('a fire run ahead of time (remind --at a later day) does not hide what an earlier fire announced', async () => {
    await fireReminders(database, instantAt('2026-04-23', '09:00'), { settings }); // the nudge day of 3-4月, run early
    expect(kickoffs(await fire('2026-03-13'))).toEqual([]);
    expect(kickoffs(await fire('2026-03-16'))).toEqual([]);
  });

  it('the May kick-off is the ordinary one', async () => {
    const may = kickoffs(await fire(firstWorkdayOfMonth(2026, 5)));
    expect(may.length).toBe(2);
    expect(may.every((p) => !p.push.late)).toBe(true);
    const rows = await database.rows<{ n: number }>(sql`select count(*)::int as n from outbox where dedupe_key like '%|late%'`);
    expect(rows[0]!.n).toBe(2);
  });
});

describe('migration 0006', () => {
  it('takes the announcements of kick-offs and nudges already in the outbox, as of their fire day', async () => {
    const db = await freshDatabase();
    try {
      const [{ id: chatId }] = await db.rows<{ id: number }>(sql`insert into chats (platform, external_id) values ('console', 'mig') returning id`) as [{ id: number }];
      const row = (key: string, kind: string, tasks: unknown) => sql`insert into outbox (dedupe_key, kind, chat_id, platform, robot_key, payload)
        values (${key}, ${kind}, ${chatId}, 'console', 'r', ${JSON.stringify({ text: 'x', tasks })}::jsonb)`;
      await db.rows(row(`kickoff|2026-03-02|chat:${chatId}|A1B2#0`, 'kickoff', ['A1B2', 'C3D4']));
      await db.rows(row(`nudge|2026-04-23|chat:${chatId}|A1B2#0`, 'nudge', ['A1B2']));
      await db.rows(row(`overdue|2026-05-06|chat:${chatId}|E5F6#0`, 'overdue', ['E5F6']));
      await db.rows(row(`kickoff|2026-06-01|chat:${chatId}|G7H8#0|p2`, 'kickoff', 'not a list'));
      await db.rows(row(`kickoff|2026-07-01|chat:${chatId}|J2K3#0`, 'kickoff', ['J2K3', null, 7]));
      const migration = readFileSync(new URL('../../db/migrations/0006_reminder_announcements.sql', import.meta.url), 'utf8');
      const backfill = migration.split('--> statement-breakpoint').at(-1)!;
      await db.rows(sql.raw(backfill));
      const rows = await db.rows<{ code: string; fired_at: string }>(sql`select code, to_char(fired_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as fired_at
        from reminder_announcements where chat_id = ${chatId} order by code, fired_at`);
      // Every announcing fire, at noon UTC of its day; overdue rows announce nothing; only strings are codes.
      expect(rows).toEqual([
        { code: 'A1B2', fired_at: '2026-03-02 12:00' },
        { code: 'A1B2', fired_at: '2026-04-23 12:00' },
        { code: 'C3D4', fired_at: '2026-03-02 12:00' },
        { code: 'J2K3', fired_at: '2026-07-01 12:00' },
      ]);
    } finally {
      await db.close();
    }
  });
});

