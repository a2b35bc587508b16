import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertChat } from '../../db/repositories/directory.js';
import { importPlan } from '../../src/plan-import/import-plan.js';
import { fireReminders } from '../../src/reminders/fire.js';
import { reminderSettings } from '../../src/reminders/settings.js';
import type { PlannedPush } from '../../src/reminders/types.js';
import { addDays, instantAt } from '../../src/schedule/days.js';
import { isWorkday } from '../../src/schedule/workdays.js';
import { remindableWindows, windowDates } from '../../src/reminders/plan-reminders.js';
import { loadReminderData } from '../../db/repositories/reminders.js';
import { freshDatabase } from '../helpers/db.js';
import { hasShared, sharedDir } from '../helpers/shared.js';

const settings = reminderSettings();
const plans = [
  { name: 'examples/plan-2026.md', file: path.resolve(import.meta.dirname, '../../examples/plan-2026.md'), available: true },
  { name: 'seed 001', file: path.join(sharedDir, 'seeds/001_a870d388baf7d0b6.txt'), available: hasShared },
];

for (const plan of plans) {
  describe.skipIf(!plan.available)(`a year of reminders for ${plan.name}, stepped day by day at 09:00`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    const pushes: PlannedPush[] = [];
    let reruns = 0;

    beforeAll(async () => {
      database = await freshDatabase();
      await importPlan(plan.file, { database });
      // Every department the plan names gets a bound chat; 局工会's is the office chat.
      const depts = await database.rows<{ id: number; name: string }>(sql`select id, name from departments order by id`);
      for (const d of depts) {
        await upsertChat(database.db, {
          platform: 'console', externalId: `chat-${d.id}`, name: `${d.name}群`, departmentId: d.id, isOffice: d.name === '局工会',
        });
      }
      for (let day = '2026-01-01'; day <= '2027-03-31'; day = addDays(day, 1)) {
        const at = instantAt(day, '09:00');
        const r = await fireReminders(database, at, { settings });
        pushes.push(...r.pushes.map((p) => p.push));
        // The same fire again (a catch-up, a second replica) enqueues nothing more.
        if (r.pushes.length) reruns += (await fireReminders(database, at, { settings })).inserted;
      }
    }, 600_000);
    afterAll(async () => { await database?.close(); });

    it('every push lands on a workday, none during National Day 2026-10-01..07', () => {
      expect(pushes.length).toBeGreaterThan(20);
      for (const p of pushes) expect(isWorkday(p.day), `${p.kind} on ${p.day}`).toBe(true);
      expect(pushes.filter((p) => p.day >= '2026-10-01' && p.day <= '2026-10-07')).toEqual([]);
    });

    it('make-up workdays count: January windows kick off on Sunday 2026-01-04', () => {
      const jan4 = pushes.filter((p) => p.day === '2026-01-04' && p.kind === 'kickoff');
      expect(jan4.length).toBeGreaterThan(0);
      expect(pushes.filter((p) => p.day < '2026-01-04' && p.kind === 'kickoff')).toEqual([]);
    });

    it('each (task window, department) kicks off exactly once, on its window\'s first workday', async () => {
      const seen = new Map<string, string[]>();
      for (const p of pushes.filter((x) => x.kind === 'kickoff')) {
        for (const i of p.items) {
          const k = `${i.code}#${i.windowIndex}@${i.department}`;
          seen.set(k, [...(seen.get(k) ?? []), p.day]);
        }
      }
      const data = await loadReminderData(database.db);
      const expected = new Map<string, string>();
      for (const t of data.tasks) {
        for (const [wi, w] of remindableWindows(t)) {
          const kickoff = windowDates(w, settings).kickoff;
          if (kickoff > '2027-03-31') continue;
          for (const d of t.departments) expected.set(`${t.code}#${wi}@${d.name}`, kickoff);
        }
      }
      expect(expected.size).toBeGreaterThan(5);
      expect([...seen.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [k, days] of seen) expect(days, k).toEqual([expected.get(k)]);
      // Goal and undated tasks never appear.
      const silent = data.tasks.filter((t) => t.kind === 'goal' || (!t.windows.length && !t.allYear)).map((t) => t.code);
      for (const p of pushes) for (const i of p.items) expect(silent).not.toContain(i.code);
    });

    it('all-year tasks are nudged and overdue only around the end of their year, 12月31日', () => {
      for (const p of pushes.filter((x) => x.kind === 'nudge' || x.kind === 'overdue')) {
        for (const i of p.items.filter((x) => x.allYear)) {
          expect(i.deadline, `${p.kind} ${i.code}`).toMatch(/-12-31$/);
          expect(p.day, `${p.kind} ${i.code}`).toMatch(p.kind === 'nudge' ? /-12-\d\d$/ : /-01-\d\d$/);
        }
      }
      expect(pushes.some((p) => p.kind === 'overdue' && p.items.some((i) => i.allYear))).toBe(true);
    });

    it('re-running a fire enqueues nothing, and the outbox holds one row per push part', async () => {
      expect(reruns).toBe(0);
      const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from outbox`) as [{ n: number }];
      expect(n).toBeGreaterThanOrEqual(pushes.length);
      const dupes = await database.rows(sql`select dedupe_key from outbox group by dedupe_key having count(*) > 1`);
      expect(dupes).toEqual([]);
    });
  });
}
