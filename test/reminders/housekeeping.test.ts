import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/bootstrap/load-examples.js';
import { instantAt } from '../../src/schedule/days.js';
import { startReminders } from '../../src/reminders/start-reminders.js';
import { freshDatabase } from '../helpers/db.js';
import { planbot } from '../helpers/cli.js';

// A bot runs for years: its chat messages, pushes and fire records must not grow without end, while what the
// year-end ledger is made of (plans, tasks, confirmations, the audit log) is never touched.

let database: Awaited<ReturnType<typeof freshDatabase>>;
const TONIGHT = instantAt('2026-11-30', '03:30');
const daysAgo = (n: number) => new Date(TONIGHT.getTime() - n * 86_400_000).toISOString();

beforeAll(async () => {
  database = await freshDatabase();
  await loadExamples(database);
  expect((await planbot(['ask', '完成 Y9G5 发放慰问品600份', '--chat', '机关工会群', '--user', '赵主席', '--today', '2026-01-25'], { database })).code).toBe(0);
  const [chat] = await database.rows<{ id: number }>(sql`select id from chats order by id limit 1`);
  const message = (id: string, age: number) => sql`insert into inbound_messages (platform, message_id, chat_external_id, sender_external_id, text, handled_at, created_at)
    values ('wecom', ${id}, 'c', 's', '本月任务', now(), ${daysAgo(age)}::timestamptz)`;
  await database.rows(message('old-message', 200));
  await database.rows(message('recent-message', 20));
  const push = (key: string, status: string, age: number) => sql`insert into outbox (dedupe_key, kind, chat_id, platform, robot_key, payload, status, created_at)
    values (${key}, 'kickoff', ${chat!.id}, 'wecom', 'k', '{}'::jsonb, ${status}, ${daysAgo(age)}::timestamptz)`;
  await database.rows(push('old-sent', 'sent', 500));
  await database.rows(push('old-dead', 'dead', 500));
  await database.rows(push('old-pending', 'pending', 500));
  await database.rows(push('recent-sent', 'sent', 30));
  await database.rows(sql`insert into reminder_announcements (chat_id, code, fired_at) values
    (${chat!.id}, 'OLD1', ${daysAgo(450)}::timestamptz), (${chat!.id}, 'NEW1', ${daysAgo(10)}::timestamptz)`);
  await database.rows(sql`insert into scheduler_runs (job, fire_at, owner) values
    ('reminders', ${daysAgo(450)}::timestamptz, 'x'), ('reminders', ${daysAgo(1)}::timestamptz, 'x')`);
}, 120_000);
afterAll(async () => { await database?.close(); });

const keys = async (query: ReturnType<typeof sql>) => (await database.rows<{ k: string }>(query)).map((r) => r.k).sort();

describe('nightly housekeeping', () => {
  it('prunes history past its retention at 03:30, once, and keeps everything the year is made of', async () => {
    const confirmationsBefore = await keys(sql`select task_id::text as k from confirmations`);
    const auditBefore = (await keys(sql`select id::text as k from audit_log`)).length;
    const reminders = startReminders({ database, config: { PLANBOT_TIMEZONE: 'Asia/Shanghai' }, worker: false, clock: () => new Date(TONIGHT.getTime() + 60_000) });
    try {
      await reminders.ready;
      expect(await reminders.housekeeping!.runSlot(TONIGHT)).toBe(true);
      expect(await reminders.housekeeping!.runSlot(TONIGHT)).toBe(false); // one replica, once
    } finally {
      await reminders.stop();
    }
    expect(await keys(sql`select message_id as k from inbound_messages where message_id like '%-message'`)).toEqual(['recent-message']);
    expect(await keys(sql`select dedupe_key as k from outbox where dedupe_key like 'old-%' or dedupe_key like 'recent-%'`))
      .toEqual(['old-pending', 'recent-sent']);
    expect(await keys(sql`select code as k from reminder_announcements where code in ('OLD1', 'NEW1')`)).toEqual(['NEW1']);
    expect((await keys(sql`select fire_at::text as k from scheduler_runs where job = 'reminders' and owner = 'x'`))).toHaveLength(1);
    expect(await keys(sql`select task_id::text as k from confirmations`)).toEqual(confirmationsBefore);
    expect((await keys(sql`select id::text as k from audit_log`)).length).toBe(auditBefore);
  });
});
