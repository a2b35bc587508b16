import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database, DbOrTx } from '../../db/client.js';
import { claimRun, findRun, finishRun, lastRun } from '../../db/repositories/scheduler-runs.js';

/**
 * Makes each scheduled fire run once across any number of replicas, backed by scheduler_runs.
 *
 * node-cron 4 has a RunCoordinator hook (`shouldRun` before the task, `onComplete` after), but a claim
 * committed apart from the work loses the fire when the winner dies in between. Here the claim, the
 * work and the finish mark share one transaction: if the winner fails or its connection drops, the claim
 * rolls back with the work, and a replica waiting on the same key (or the next start's catch-up) takes it.
 */
export class RunCoordinator {
  constructor(
    private readonly database: Database,
    /** Who ran a fire, for the table and the logs: host, pid and a random suffix. */
    readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Runs `work` for (job, fireAt) unless it already ran anywhere; true when this call ran it. */
  async runOnce(job: string, fireAt: Date, work: (tx: DbOrTx) => Promise<void>): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      if (!(await claimRun(tx, job, fireAt, this.owner))) return false;
      await work(tx);
      await finishRun(tx, job, fireAt, this.clock());
      return true;
    });
  }

  async hasRun(job: string, fireAt: Date): Promise<boolean> {
    return Boolean(await findRun(this.database.db, job, fireAt));
  }

  /** The latest fire of the job that ran anywhere. */
  lastRun(job: string): Promise<Date | undefined> {
    return lastRun(this.database.db, job);
  }
}
