import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { upsertChat } from '../../db/repositories/directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { startReminders } from '../../src/reminders/start-reminders.js';
import { heldUntil } from '../../src/reminders/fire.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/reminders/settings.js';
import { chinaCalendar } from '../../src/schedule/workdays.js';
import { instantAt, localDayTime } from '../../src/schedule/days.js';
import { RunCoordinator } from '../../src/schedule/run-coordinator.js';
import { createScheduler, latestSlots } from '../../src/schedule/scheduler.js';
import { freshDatabase, sharedDatabase } from '../helpers/db.js';

const shared = sharedDatabase({ clean: 'scheduler_runs' });

const fireAt = new Date('2026-10-08T01:00:00Z');

describe('RunCoordinator', () => {
  it('runs a fire once; asking again does nothing', async () => {
    const c = new RunCoordinator(shared.database, 'a');
    let runs = 0;
    expect(await c.runOnce('job', fireAt, async () => { runs++; })).toBe(true);
    expect(await c.runOnce('job', fireAt, async () => { runs++; })).toBe(false);
    expect(await new RunCoordinator(shared.database, 'b').runOnce('job', fireAt, async () => { runs++; })).toBe(false);
    expect(runs).toBe(1);
    const [row] = await shared.database.rows<{ owner: string; finished_at: Date | null }>(sql`select owner, finished_at from scheduler_runs`);
    expect(row!.owner).toBe('a');
    expect(row!.finished_at).not.toBeNull();
  });

  it('replicas racing for the same fire: exactly one runs it', async () => {
    const handles = await shared.handles(4);
    let runs = 0;
    const results = await Promise.all(handles.map((h, i) => new RunCoordinator(h, `r${i}`).runOnce('race', fireAt, async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
    })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it('a failed fire rolls back its claim, so it can run later', async () => {
    const c = new RunCoordinator(shared.database, 'a');
    await expect(c.runOnce('job', fireAt, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await c.hasRun('job', fireAt)).toBe(false);
    expect(await c.runOnce('job', fireAt, async () => {})).toBe(true);
  });
});

/** A database with the example plan and a console group for each of its departments (局工会's is the office's). */
async function exampleWithGroups() {
  const db = await freshDatabase();
  await importPlan(path.resolve(import.meta.dirname, '../../examples/plan-2026.md'), { database: db });
  const depts = await db.rows<{ id: number; name: string }>(sql`select id, name from departments order by id`);
  for (const d of depts) {
    await upsertChat(db.db, { platform: 'console', externalId: `c${d.id}`, name: `${d.name}群`, departmentId: d.id, isOffice: d.name === '局工会' });
  }
  return db;
}

describe('catch-up at start', () => {
  it('latest slot of each time at or before now', () => {
    const now = instantAt('2026-10-08', '15:00');
    expect(latestSlots(now, ['09:00'], 'Asia/Shanghai')).toEqual([instantAt('2026-10-08', '09:00')]);
    const early = instantAt('2026-10-08', '08:59');
    expect(latestSlots(early, ['09:00', '18:30'], 'Asia/Shanghai'))
      .toEqual([instantAt('2026-10-07', '09:00'), instantAt('2026-10-07', '18:30')]);
  });

  it('a missed fire runs once at start; starting a second time does not run it again', async () => {
    const fired: string[] = [];
    const clock = () => instantAt('2026-10-08', '15:00');
    const start = () => createScheduler({
      coordinator: new RunCoordinator(shared.database), job: 'reminders', timeZone: 'Asia/Shanghai', times: ['09:00'], clock,
      fire: async (at) => { fired.push(at.toISOString()); },
    }, { cron: false });
    const first = start();
    expect(await first.catchUp()).toEqual([instantAt('2026-10-08', '09:00')]);
    await first.stop();
    const second = start();
    expect(await second.catchUp()).toEqual([]);
    await second.stop();
    expect(fired).toEqual(['2026-10-08T01:00:00.000Z']);
  });

  it('fires missed since the last one that ran are caught up oldest first, within catchUpDays; a new install starts now', async () => {
    const fired: string[] = [];
    const warned: string[] = [];
    const logger = { info: () => {}, warn: (_f: unknown, msg?: string) => { warned.push(msg ?? ''); }, error: () => {} };
    const clock = () => instantAt('2026-10-09', '10:00');
    const start = (catchUpDays: number) => createScheduler({
      coordinator: new RunCoordinator(shared.database), job: 'reminders', timeZone: 'Asia/Shanghai', times: ['09:00'], clock, logger,
      catchUpDays, fire: async (at, _tx, o) => { fired.push(`${at.toISOString().slice(0, 10)}${o.earlier ? ' earlier' : ''}`); },
    }, { cron: false });
    // A new install: no fire ever ran.
    await shared.database.rows(sql`delete from scheduler_runs`);
    const fresh = start(3);
    expect(await fresh.catchUp()).toEqual([instantAt('2026-10-09', '09:00')]);
    await fresh.stop();
    expect(fired).toEqual(['2026-10-09']);
    // A first start missed nothing: no warning that the bot was down.
    expect(warned).toEqual([]);
    await shared.database.rows(sql`delete from scheduler_runs`);
    fired.length = 0;
    // Last ran on 10-05; down until 10-09 10:00.
    await new RunCoordinator(shared.database).runOnce('reminders', instantAt('2026-10-05', '09:00'), async () => {});
    const s = start(3);
    await s.catchUp();
    await s.stop();
    // 10-05 ran; 10-06 … 10-08 missed, and caught up as earlier fires; then today's.
    expect(fired).toEqual(['2026-10-06 earlier', '2026-10-07 earlier', '2026-10-08 earlier', '2026-10-09']);
    expect(warned.filter((m) => m === 'caught up a fire missed while the bot was down')).toHaveLength(4);
  });

  it('node-cron fires at 09:00 Asia/Shanghai, whatever the machine zone', async () => {
    const s = createScheduler({
      coordinator: new RunCoordinator(shared.database), job: 'tz', timeZone: 'Asia/Shanghai', times: ['09:00'], fire: async () => {},
    });
    try {
      const [next] = s.nextFires();
      expect(next!.getUTCHours()).toBe(1);
      expect(next!.getUTCMinutes()).toBe(0);
    } finally {
      await s.stop();
    }
  });

  it('a 09:00 timer that wakes late (the computer slept, the VM paused) still runs that fire, once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      vi.setSystemTime(new Date('2026-10-08T00:59:50Z')); // 08:59:50 in Shanghai, a workday
      const ran: string[] = [];
      const claimed = new Set<number>();
      // The claim table stands in for scheduler_runs (its own tests are above): here only the timing is tested.
      const coordinator = {
        owner: 'test',
        runOnce: async (_job: string, at: Date, work: (tx: never) => Promise<void>) => {
          if (claimed.has(at.getTime())) return false;
          claimed.add(at.getTime());
          await work(undefined as never);
          ran.push(at.toISOString());
          return true;
        },
        hasRun: async (_job: string, at: Date) => claimed.has(at.getTime()),
        lastRun: async () => new Date('2026-10-07T01:00:00Z'),
      } as unknown as RunCoordinator;
      const s = createScheduler({ coordinator, job: 'late', timeZone: 'Asia/Shanghai', times: ['09:00'], fire: async () => {} });
      // Time jumps past 09:00 while the timers sleep: node-cron wakes seconds after the slot.
      vi.setSystemTime(new Date('2026-10-08T01:00:30Z'));
      await vi.advanceTimersByTimeAsync(11_000);
      await s.stop();
      expect(ran).toEqual(['2026-10-08T01:00:00.000Z']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists the next fires soonest first, whatever the order of the times (the start log names the first)', async () => {
    // Times around now, in an order that is not the order they come in.
    const at = (minutes: number) => localDayTime(new Date(Date.now() + minutes * 60_000), 'Asia/Shanghai').time;
    const s = createScheduler({
      coordinator: new RunCoordinator(shared.database), job: 'order', timeZone: 'Asia/Shanghai',
      times: [at(-30), at(90), at(30)], fire: async () => {},
    });
    try {
      const next = s.nextFires().map((d) => d.getTime());
      expect(next).toHaveLength(3);
      expect(next).toEqual([...next].sort((a, b) => a - b));
      expect(next[0]! - Date.now()).toBeLessThan(31 * 60_000);
    } finally {
      await s.stop();
    }
  });

  it('startReminders: the catch-up enqueues the missed kick-offs once, and the worker delivers them', async () => {
    const db = await exampleWithGroups();
    try {
      // The bot was down at 09:00 on 2026-10-08 (first workday after National Day) and starts at 11:00.
      const clock = () => instantAt('2026-10-08', '11:00');
      const config = { PLANBOT_TIMEZONE: 'Asia/Shanghai' };
      const handle = startReminders({ database: db, config, clock, worker: { pollMs: 10 } });
      await handle.ready;
      const count = async (status?: string) => (await db.rows<{ n: number }>(status
        ? sql`select count(*)::int as n from outbox where status = ${status}` : sql`select count(*)::int as n from outbox`))[0]!.n;
      for (let i = 0; i < 200 && (await count('sent')) < (await count()); i++) await new Promise((r) => setTimeout(r, 20));
      await handle.stop();
      const kinds = await db.rows<{ kind: string }>(sql`select distinct kind from outbox order by kind`);
      expect(kinds.map((k) => k.kind)).toEqual(['kickoff', 'overdue', 'overdue_digest', 'weekly_digest']);
      const total = await count();
      expect(await count('sent')).toBe(total);
      // A second start (a restart, or another replica) finds the fire done and adds nothing.
      const again = startReminders({ database: db, config, clock, worker: false });
      await again.ready;
      await again.stop();
      expect(await count()).toBe(total);
      const runs = await db.rows<{ fire_at: Date }>(sql`select fire_at from scheduler_runs`);
      expect(runs.map((r) => new Date(r.fire_at).toISOString())).toEqual(['2026-10-08T01:00:00.000Z']);
    } finally {
      await db.close();
    }
  });

  it('startReminders: a catch-up on a Saturday, or at night, waits for the next workday\'s 09:00 to push', async () => {
    const db = await exampleWithGroups();
    try {
      // Last fire Monday 08-31; the bot comes back on Saturday 09-05 at 10:00: 09-01's overdue notices are late.
      await new RunCoordinator(db).runOnce('reminders', instantAt('2026-08-31', '09:00'), async () => {});
      const handle = startReminders({ database: db, config: { PLANBOT_TIMEZONE: 'Asia/Shanghai' }, clock: () => instantAt('2026-09-05', '10:00'), worker: false });
      await handle.ready;
      await handle.stop();
      const rows = await db.rows<{ kind: string; due: Date }>(sql`select kind, next_attempt_at as due from outbox order by id`);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(new Date(r.due).toISOString()).toBe(instantAt('2026-09-07', '09:00').toISOString());
      // Held for days, a kick-off or a nudge would be out of date: only what a missed fire sends goes (补发).
      expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['overdue', 'overdue_digest']));
    } finally {
      await db.close();
    }
  });

  it('a late fire in working hours goes at once; at night or on a day off it waits for the next workday morning', () => {
    const at = instantAt('2026-09-30', '09:00');
    const s = { ...DEFAULT_REMINDER_SETTINGS, timeZone: 'Asia/Shanghai' };
    expect(heldUntil(at, instantAt('2026-09-30', '09:05'), s, chinaCalendar)).toBeUndefined(); // on time
    expect(heldUntil(at, instantAt('2026-09-30', '15:00'), s, chinaCalendar)).toBeUndefined(); // late, working hours
    expect(heldUntil(at, instantAt('2026-09-30', '21:00'), s, chinaCalendar)).toEqual(instantAt('2026-10-08', '09:00')); // National Day follows
    expect(heldUntil(at, instantAt('2026-10-03', '10:00'), s, chinaCalendar)).toEqual(instantAt('2026-10-08', '09:00'));
    expect(heldUntil(at, instantAt('2026-10-09', '07:30'), s, chinaCalendar)).toEqual(instantAt('2026-10-09', '09:00'));
  });

  it('startReminders: a bot down over National Day sends, at start, the overdue notices of the day it missed', async () => {
    const db = await exampleWithGroups();
    try {
      // Last fire 09-30; down until 10-09 11:00. 10-08, the first workday after the holiday, was the overdue day
      // of September's work.
      await new RunCoordinator(db).runOnce('reminders', instantAt('2026-09-30', '09:00'), async () => {});
      const handle = startReminders({ database: db, config: { PLANBOT_TIMEZONE: 'Asia/Shanghai' }, clock: () => instantAt('2026-10-09', '11:00'), worker: false });
      await handle.ready;
      await handle.stop();
      const rows = await db.rows<{ kind: string; text: string }>(sql`select kind, payload->>'text' as text from outbox order by id`);
      const overdue = rows.filter((r) => r.kind === 'overdue');
      expect(overdue.length).toBeGreaterThan(0);
      for (const r of overdue) expect(r.text).toMatch(/^【已逾期·补发】/);
      expect(rows.find((r) => r.kind === 'overdue_digest')!.text).toMatch(/^【逾期汇总·补发】10月8日（周四）/);
      // No stale nudge or old weekly digest; the kick-offs of the missed days come late from today's fire.
      expect(rows.filter((r) => r.kind === 'nudge')).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
