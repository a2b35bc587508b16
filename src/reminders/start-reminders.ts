import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../config/index.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { HOLIDAYS_IMPORT } from '../core/invocation.js';
import { createSender, type SenderRegistry } from '../outbox/senders.js';
import { createOutboxWorker, type OutboxWorker, type WorkerOptions } from '../outbox/worker.js';
import { localDayTime, parseDay } from '../schedule/days.js';
import { pruneHistory } from '../../db/repositories/housekeeping.js';
import { errorFields, silentLogger, type Logger } from '../schedule/logger.js';
import { RunCoordinator } from '../schedule/run-coordinator.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';
import { loadWorkCalendar } from '../schedule/load-calendar.js';
import { coveredRange } from '../schedule/workdays.js';
import { fireReminders } from './fire.js';
import { fireTimes, reminderSettings, reminderSettingsFromConfig, type ReminderSettings } from './settings.js';
import type { Metrics } from '../observability/metrics.js';

export const REMINDERS_JOB = 'reminders';
/** The nightly pruning of old history (db/repositories/housekeeping.ts), at a time no reminder uses. */
export const HOUSEKEEPING_JOB = 'housekeeping';
const HOUSEKEEPING_TIME = '03:30';

export interface StartRemindersDeps {
  database: Database;
  config: Parameters<typeof reminderSettingsFromConfig>[0];
  /** Platform senders; the console one is built in. */
  senders?: SenderRegistry;
  logger?: Logger;
  /** Timing overrides over the defaults (09:00, 5 workdays, Monday). */
  settings?: Partial<ReminderSettings>;
  /** Set false to run no scheduler (a delivery-only replica), or no worker (a scheduling-only one). */
  scheduler?: boolean;
  worker?: boolean | Partial<WorkerOptions>;
  /** Counters for /metrics (deliveries by result, reminder fires). */
  metrics?: Pick<Metrics, 'deliveries' | 'reminderFires'>;
  /** The scheduler's now (tests start it on a chosen day); the worker keeps wall time, as rows are due by the database's now(). */
  clock?: () => Date;
}

export interface RemindersHandle {
  /** Resolves once the start-up catch-up has finished (it runs in the background). */
  ready: Promise<void>;
  scheduler?: Scheduler;
  /** The nightly pruning of old history (HOUSEKEEPING_JOB). */
  housekeeping?: Scheduler;
  worker?: OutboxWorker;
  stop(): Promise<void>;
}

/**
 * Starts the reminder scheduler (node-cron, one fire per configured time, once across replicas, with a
 * catch-up of a fire missed while the bot was down) and the outbox delivery worker. For src/server.ts:
 * call after the database is open and stop() before closing it.
 */
export function startReminders(deps: StartRemindersDeps): RemindersHandle {
  const log = deps.logger ?? silentLogger;
  const clock = deps.clock ?? (() => new Date());
  const settings = reminderSettings({ ...reminderSettingsFromConfig(deps.config), ...deps.settings });

  let worker: OutboxWorker | undefined;
  if (deps.worker !== false) {
    worker = createOutboxWorker({
      database: deps.database, send: counted(createSender(deps.senders ?? {}), deps.metrics), logger: log,
      options: typeof deps.worker === 'object' ? deps.worker : undefined,
    });
    worker.start();
  }

  let scheduler: Scheduler | undefined;
  let housekeeping: Scheduler | undefined;
  let ready = Promise.resolve();
  const abort = new AbortController();
  if (deps.scheduler !== false) {
    scheduler = createScheduler({
      coordinator: new RunCoordinator(deps.database, undefined, clock),
      job: REMINDERS_JOB, timeZone: settings.timeZone, times: fireTimes(settings), clock, logger: log,
      // Fires missed up to two weeks back (a bot down over a holiday) send their overdue notices at start.
      catchUpDays: 14,
      fire: async (at, tx, { earlier }) => {
        const r = await fireReminders(deps.database, at, { settings, tx, missed: earlier, now: clock() });
        deps.metrics?.reminderFires.inc({ job: REMINDERS_JOB });
        log.info({ fireAt: at.toISOString(), pushes: r.pushes.length, inserted: r.inserted, skipped: r.skipped },
          'reminders enqueued');
        if (r.heldUntil) log.info({ fireAt: at.toISOString(), until: r.heldUntil.toISOString() }, 'late reminders held for working hours');
      },
      afterFire: () => worker?.wake(),
    });
    // Once a night, history past its retention is pruned (one replica does it, as a fire of its own job).
    housekeeping = createScheduler({
      coordinator: new RunCoordinator(deps.database, undefined, clock),
      job: HOUSEKEEPING_JOB, timeZone: settings.timeZone, times: [HOUSEKEEPING_TIME], clock, logger: log,
      fire: async (at, tx) => {
        const pruned = await pruneHistory(deps.database, tx, at);
        if (Object.values(pruned).some((n) => n > 0)) log.info({ ...pruned }, 'old history pruned');
      },
    });
    void warnUncovered(deps.database.db, clock(), settings, log)
      .catch((err) => log.warn(errorFields(err), 'holiday calendar could not be read'));
    log.info({ next: scheduler.nextFires().map((d) => d.toISOString()) }, 'reminder scheduler started');
    ready = catchUpWithRetry(scheduler, log, abort.signal);
  }

  return {
    ready, scheduler, housekeeping, worker,
    async stop() {
      abort.abort();
      await scheduler?.stop();
      await housekeeping?.stop();
      await ready;
      await worker?.stop();
    },
  };
}

/** The start-up catch-up, retried with backoff while the database is unreachable, until it succeeds or stop(). */
async function catchUpWithRetry(scheduler: Scheduler, log: Logger, signal: AbortSignal): Promise<void> {
  for (let n = 0; !signal.aborted; n++) {
    try {
      await scheduler.catchUp();
      return;
    } catch (err) {
      log.error(errorFields(err), 'reminder catch-up failed; retrying');
      await delay(Math.min(30_000, 1_000 * 2 ** n), undefined, { signal }).catch(() => {});
    }
  }
}

/** Tells the admin when this year's (or, in December, next year's) holidays are neither bundled nor imported. */
async function warnUncovered(db: DbOrTx, now: Date, settings: ReminderSettings, log: Logger) {
  const { year, month } = parseDay(localDayTime(now, settings.timeZone).day);
  const calendar = await loadWorkCalendar(db);
  for (const y of month === 12 ? [year, year + 1] : [year]) {
    if (!calendar.isCovered(y)) {
      const { from, to } = coveredRange();
      log.warn({ year: y, covered: `${from}-${to}` },
        `${y}年法定节假日和调休安排未收录（程序自带 ${from}–${to} 年），提醒暂按周一至周五并避开法定节日当天计算；国务院通知发布后请导入：${HOLIDAYS_IMPORT}`);
    }
  }
}

/** Wraps the sender so each delivery attempt is counted by platform and result. */
function counted(send: ReturnType<typeof createSender>, metrics?: Pick<Metrics, 'deliveries'>): ReturnType<typeof createSender> {
  if (!metrics) return send;
  return async (push) => {
    const r = await send(push);
    const result = r.ok ? 'sent' : r.rateLimited ? 'rate_limited' : r.retryable ? 'retry' : 'failed';
    metrics.deliveries.inc({ platform: push.platform, result });
    return r;
  };
}
