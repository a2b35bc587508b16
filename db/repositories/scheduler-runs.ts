import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { schedulerRuns } from '../schema.js';

export type SchedulerRun = typeof schedulerRuns.$inferSelect;

/**
 * Claims one fire. Inside a transaction a concurrent claimer of the same (job, fire_at) waits on the
 * primary key until this one commits (then gets false) or rolls back (then wins it).
 */
export async function claimRun(db: DbOrTx, job: string, fireAt: Date, owner: string): Promise<boolean> {
  const rows = await db.insert(schedulerRuns).values({ job, fireAt, owner }).onConflictDoNothing()
    .returning({ job: schedulerRuns.job });
  return rows.length > 0;
}

export async function finishRun(db: DbOrTx, job: string, fireAt: Date, at: Date): Promise<void> {
  await db.update(schedulerRuns).set({ finishedAt: at })
    .where(and(eq(schedulerRuns.job, job), eq(schedulerRuns.fireAt, fireAt)));
}

export async function findRun(db: DbOrTx, job: string, fireAt: Date): Promise<SchedulerRun | undefined> {
  const [row] = await db.select().from(schedulerRuns)
    .where(and(eq(schedulerRuns.job, job), eq(schedulerRuns.fireAt, fireAt))).limit(1);
  return row;
}

export async function recentRuns(db: DbOrTx, job: string, limit = 20): Promise<SchedulerRun[]> {
  return db.select().from(schedulerRuns).where(eq(schedulerRuns.job, job))
    .orderBy(desc(schedulerRuns.fireAt)).limit(limit);
}

/** The latest fire of a job that ran anywhere, if any. */
export async function lastRun(db: DbOrTx, job: string): Promise<Date | undefined> {
  const [row] = await recentRuns(db, job, 1);
  return row ? new Date(row.fireAt) : undefined;
}
