import type { Database } from '../../db/client.js';
import {
  claimDueRows, deferRobot, markFailed, markSent, releaseRow, renewLease, type ClaimedRow,
} from '../../db/repositories/outbox.js';
import { errorFields, silentLogger, type Logger } from '../schedule/logger.js';
import type { SendFn, SendResult } from './senders.js';

export interface WorkerOptions {
  /** Rows claimed per round. */
  batchSize: number;
  /** Robots served in parallel within a round; one robot's rows always go one after another. */
  concurrency: number;
  /**
   * A `sending` row whose lease ran out (its process died) is claimed again. Renewed before each send;
   * keep it > sendTimeoutMs + windowMs so a lost send has left the platform's rate window when it is retried.
   */
  leaseMs: number;
  /** A send taking longer counts as a retryable failure. */
  sendTimeoutMs: number;
  /** Per robot: at most `perWindow` attempts in any `windowMs` (WeCom and DingTalk: 20 a minute). */
  perWindow: number;
  windowMs: number;
  /** Attempts before a row is dead-lettered (a rate-limit answer never dead-letters it). */
  maxAttempts: number;
  /** Retry n waits backoffBaseMs · 2^(n-1), at most backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After a rate-limit answer the robot rests at least this long (DingTalk throttles for 10 minutes). */
  rateLimitBackoffMs: number;
  /** Idle wait between rounds when nothing was due. */
  pollMs: number;
  /** Longest wait between rounds while the database is failing. */
  errorBackoffMaxMs: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  batchSize: 50, concurrency: 8, leaseMs: 120_000, sendTimeoutMs: 30_000, perWindow: 20, windowMs: 60_000,
  maxAttempts: 8, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000, rateLimitBackoffMs: 60_000,
  pollMs: 1_000, errorBackoffMaxMs: 30_000,
};

export interface OutboxWorker {
  /** One round: claim due rows, deliver them, record the outcomes. Returns how many rows it handled. */
  tick(): Promise<number>;
  /** Runs rounds until stop(); errors (a database outage) are logged and the loop carries on. */
  start(): void;
  /** Ends the wait between rounds early, e.g. right after a fire enqueued rows. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The delivery worker. Any number of them may run against one database: rows are claimed with
 * FOR UPDATE SKIP LOCKED and the per-robot limit is counted in the database (db/repositories/outbox.ts).
 *
 * Delivery is at least once, with at most one duplicate per row in flight when a process dies: a row the
 * platform accepted just before the crash is still `sending`, and is sent again when its lease runs out.
 * The attempt number is a fencing token, so a late answer from a process whose lease ran out changes nothing.
 */
export function createOutboxWorker(deps: {
  database: Database;
  send: SendFn;
  clock?: () => Date;
  logger?: Logger;
  options?: Partial<WorkerOptions>;
}): OutboxWorker {
  const o = { ...DEFAULT_WORKER_OPTIONS, ...deps.options };
  const clock = deps.clock ?? (() => new Date());
  const log = deps.logger ?? silentLogger;
  const db = deps.database.db;

  const attempt = async (row: ClaimedRow): Promise<SendResult> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, retryable: true, error: `timed out after ${o.sendTimeoutMs} ms` }),
        o.sendTimeoutMs);
    });
    try {
      return await Promise.race([deps.send(row).catch((err: unknown): SendResult => ({
        ok: false, retryable: true, error: String((err as Error)?.message ?? err),
      })), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  // Recording an outcome is retried briefly: a row sent but not marked is sent again after its lease.
  const persist = async (write: () => Promise<unknown>) => {
    for (let i = 1; ; i++) {
      try {
        await write();
        return;
      } catch (err) {
        if (i >= 3) throw err;
        await new Promise((r) => setTimeout(r, 200 * i));
      }
    }
  };

  const backoff = (attempts: number) => Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));

  /** Delivers one robot's rows in order; a rate-limit answer hands the rest back untried. */
  const deliverRobot = async (rows: ClaimedRow[]) => {
    for (const [i, row] of rows.entries()) {
      // Rows wait their turn behind the robot's earlier ones: start each send on a fresh lease, or not at all.
      if (!(await renewLease(db, row.id, row.attempts, new Date(clock().getTime() + o.leaseMs)))) continue;
      const result = await attempt(row);
      const now = clock();
      if (result.ok) {
        await persist(() => markSent(db, row.id, row.attempts, now, result.response));
        continue;
      }
      if (result.rateLimited) {
        // As long as the platform said (DingTalk: ten minutes), within the longest backoff.
        const pause = Math.max(o.rateLimitBackoffMs, Math.min(result.retryAfterMs ?? 0, o.backoffMaxMs), backoff(row.attempts));
        const until = new Date(now.getTime() + pause);
        // Throttled is not failing: the platform will take the message once the robot has rested, so a row is not
        // given up for it however often it happens (a robot shared with another system can stay busy for a while).
        await persist(() => markFailed(db, row.id, row.attempts, now, result.error, until, true));
        await persist(() => deferRobot(db, row.robotKey, until));
        for (const rest of rows.slice(i + 1)) await persist(() => releaseRow(db, rest.id, rest.attempts, until));
        log.warn({ outboxId: row.id, robot: row.robotKey, until: until.toISOString() }, 'robot rate-limited; pausing it');
        return;
      }
      const retry = result.retryable && row.attempts < o.maxAttempts;
      const retryAt = retry ? new Date(now.getTime() + backoff(row.attempts)) : null;
      await persist(() => markFailed(db, row.id, row.attempts, now, result.error, retryAt));
      // Each failure is said (the platform unreachable, a bad key): dead-lettering can take an hour of retries.
      if (retryAt) {
        log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, error: result.error, retryAt: retryAt.toISOString() },
          'push failed; will retry');
      } else log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, error: result.error }, 'push dead-lettered');
    }
  };

  const tick = async (): Promise<number> => {
    const rows = await claimDueRows(deps.database, {
      now: clock(), limit: o.batchSize, leaseMs: o.leaseMs, perWindow: o.perWindow, windowMs: o.windowMs,
    });
    const byRobot = new Map<string, ClaimedRow[]>();
    for (const r of rows) byRobot.set(r.robotKey, [...(byRobot.get(r.robotKey) ?? []), r]);
    const queue = [...byRobot.values()];
    const lanes = Array.from({ length: Math.min(o.concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await deliverRobot(next);
    });
    const failed = (await Promise.allSettled(lanes)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return rows.length;
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    wakeUp = () => { clearTimeout(t); resolve(); };
  });

  return {
    tick,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        let failures = 0;
        while (running) {
          try {
            const n = await tick();
            if (failures) log.info({ failures }, 'outbox worker recovered');
            failures = 0;
            if (!n && running) await pause(o.pollMs);
          } catch (err) {
            failures++;
            log.error({ ...errorFields(err), failures }, 'outbox worker round failed; retrying');
            if (running) await pause(Math.min(o.errorBackoffMaxMs, o.pollMs * 2 ** Math.min(failures, 10)));
          }
        }
      })();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}
