import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.js';

/**
 * How long history is kept. Chat messages are kept for redelivery checks and support questions; the outbox (what
 * was pushed), reminder announcements and scheduler fires for a year and a bit, past the year-end review. What
 * matters for the year (plans, tasks, confirmations, the audit log) is never pruned.
 */
export const RETENTION_DAYS = { inboundMessages: 180, outbox: 400, reminderAnnouncements: 400, schedulerRuns: 400 } as const;

export interface Pruned { inboundMessages: number; outbox: number; reminderAnnouncements: number; schedulerRuns: number }

/** Deletes history older than RETENTION_DAYS as of `now`, in the caller's transaction; returns the rows removed. */
export async function pruneHistory(database: Database, db: DbOrTx, now: Date): Promise<Pruned> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const count = async (query: ReturnType<typeof sql>) => (await database.rows<{ n: number }>(query, db))[0]?.n ?? 0;
  return {
    // Unhandled ones that old can no longer be answered (their reply addresses expired long ago).
    inboundMessages: await count(sql`with d as (delete from inbound_messages where created_at < ${before(RETENTION_DAYS.inboundMessages)}::timestamptz returning 1)
      select count(*)::int as n from d`),
    // Only rows that are done with: sent, or given up on.
    outbox: await count(sql`with d as (delete from outbox where status in ('sent', 'dead')
      and created_at < ${before(RETENTION_DAYS.outbox)}::timestamptz returning 1) select count(*)::int as n from d`),
    reminderAnnouncements: await count(sql`with d as (delete from reminder_announcements
      where fired_at < ${before(RETENTION_DAYS.reminderAnnouncements)}::timestamptz returning 1) select count(*)::int as n from d`),
    schedulerRuns: await count(sql`with d as (delete from scheduler_runs
      where fire_at < ${before(RETENTION_DAYS.schedulerRuns)}::timestamptz returning 1) select count(*)::int as n from d`),
  };
}
