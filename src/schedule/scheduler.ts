import { setTimeout as delay } from 'node:timers/promises';
import cron, { type ScheduledTask } from 'node-cron';
import type { DbOrTx } from '../../db/client.js';
import { addDays, instantAt, localDayTime } from './days.js';
import { errorFields, silentLogger, type Logger } from './logger.js';
import type { RunCoordinator } from './run-coordinator.js';

export interface SchedulerDeps {
  coordinator: RunCoordinator;
  /** Name of the job in scheduler_runs. */
  job: string;
  timeZone: string;
  /** Wall-clock HH:MM times of the daily fires. */
  times: string[];
  /**
   * The work of one fire, inside the transaction that holds the claim. `earlier`: a fire missed while the bot
   * was down that is no longer the latest of its time (see catchUpDays), run late at start.
   */
  fire: (at: Date, tx: DbOrTx, o: { earlier: boolean }) => Promise<void>;
  /**
   * How far back the start-up catch-up looks for fires missed since the last one that ran (default 0: only the
   * latest fire of each time). Never before the first fire that ever ran: a new install starts from now.
   */
  catchUpDays?: number;
  /** Called after a fire committed, e.g. to wake the outbox worker. */
  afterFire?: (at: Date) => void;
  /** A fire that fails (database down at 09:00) is retried with backoff for this long; default 12 h. */
  retryForMs?: number;
  clock?: () => Date;
  logger?: Logger;
}

export interface Scheduler {
  /**
   * Runs the fires no replica ran (the bot was down), oldest first, and returns them: those since the last fire
   * that ran, up to catchUpDays back, as `earlier` ones, then the latest of each time.
   */
  catchUp(): Promise<Date[]>;
  /** Runs one fire unless it already ran anywhere. */
  runSlot(at: Date, o?: { earlier: boolean }): Promise<boolean>;
  /** When node-cron will fire next, one per time (empty without cron). */
  nextFires(): Date[];
  stop(): Promise<void>;
}

/** The most recent fire of each time at or before `now`, oldest first. */
export function latestSlots(now: Date, times: string[], timeZone: string): Date[] {
  const today = localDayTime(now, timeZone).day;
  return times.map((t) => {
    const slot = instantAt(today, t, timeZone);
    return slot <= now ? slot : instantAt(addDays(today, -1), t, timeZone);
  }).sort((a, b) => a.getTime() - b.getTime());
}

/**
 * Daily fires driven by node-cron in the configured zone; the RunCoordinator makes each run once
 * across replicas, and the same table tells a starting process which fire it missed.
 */
export function createScheduler(deps: SchedulerDeps, opts: { cron?: boolean } = {}): Scheduler {
  const log = deps.logger ?? silentLogger;
  const clock = deps.clock ?? (() => new Date());

  const runSlot = async (at: Date, o = { earlier: false }): Promise<boolean> => {
    const ran = await deps.coordinator.runOnce(deps.job, at, (tx) => deps.fire(at, tx, o));
    if (ran) {
      log.info({ job: deps.job, fireAt: at.toISOString(), owner: deps.coordinator.owner }, 'scheduled fire ran');
      deps.afterFire?.(at);
    }
    return ran;
  };

  let stopped = false;
  const inflight = new Set<Promise<void>>();
  const abort = new AbortController();
  const sleep = (ms: number) => delay(ms, undefined, { signal: abort.signal }).catch(() => {});

  /** A failed fire rolled back with its claim; it is retried with backoff until it runs or `retryForMs` passes. */
  const runWithRetry = async (at: Date) => {
    const started = Date.now();
    for (let n = 0; !stopped; n++) {
      try {
        await runSlot(at);
        return;
      } catch (err) {
        const giveUp = Date.now() - started > (deps.retryForMs ?? 12 * 3_600_000);
        log.error({ ...errorFields(err), job: deps.job, fireAt: at.toISOString(), giveUp },
          giveUp ? 'scheduled fire failed; giving up until the next start' : 'scheduled fire failed; retrying');
        if (giveUp) return;
        await sleep(Math.min(300_000, 5_000 * 2 ** n));
      }
    }
  };

  async function catchUp(): Promise<Date[]> {
    const now = clock();
    const latest = latestSlots(now, deps.times, deps.timeZone);
    const last = await deps.coordinator.lastRun(deps.job);
    const earlier: Date[] = [];
    if (last && deps.catchUpDays) {
      const today = localDayTime(now, deps.timeZone).day;
      for (const t of deps.times) {
        // Before the latest fire of this time, which runs as usual after them.
        const [latestOfTime] = latestSlots(now, [t], deps.timeZone);
        for (let d = -deps.catchUpDays!; d <= 0; d++) {
          const slot = instantAt(addDays(today, d), t, deps.timeZone);
          if (slot > last && slot < latestOfTime!) earlier.push(slot);
        }
      }
      earlier.sort((a, b) => a.getTime() - b.getTime());
    }
    const ran: Date[] = [];
    for (const [slot, o] of [...earlier.map((e) => [e, { earlier: true }] as const), ...latest.map((l) => [l, { earlier: false }] as const)]) {
      if (await deps.coordinator.hasRun(deps.job, slot)) continue;
      if (await runSlot(slot, o)) {
        ran.push(slot);
        // A new install missed nothing: it runs today's fire it started after, as a first start should.
        if (last) log.warn({ job: deps.job, fireAt: slot.toISOString() }, 'caught up a fire missed while the bot was down');
        else log.info({ job: deps.job, fireAt: slot.toISOString() }, 'ran at first start the fire of today it started after');
      }
    }
    return ran;
  }

  /**
   * A fire whose timer woke too late for node-cron to run it (the computer slept through 09:00, the VM was paused,
   * the event loop was blocked): caught up at once, as a start would, instead of lost until the next start.
   */
  let lateCatchUp: Promise<void> | undefined;
  const catchUpLate = () => {
    if (stopped || lateCatchUp) return;
    log.warn({ job: deps.job }, 'a scheduled fire was missed (the timer woke late); catching up');
    lateCatchUp = catchUp().then(() => {}, (err: unknown) => log.error({ ...errorFields(err), job: deps.job }, 'late catch-up failed'))
      .finally(() => { inflight.delete(lateCatchUp!); lateCatchUp = undefined; });
    inflight.add(lateCatchUp);
  };

  const tasks: ScheduledTask[] = opts.cron === false ? [] : deps.times.map((t) => {
    const [h, m] = t.split(':').map(Number);
    const task = cron.schedule(`${m} ${h} * * *`, (ctx) => {
      // The slot, not the moment the timer woke up: replicas must agree on fire_at to the millisecond.
      const run = runWithRetry(instantAt(localDayTime(ctx.date, deps.timeZone).day, t, deps.timeZone));
      inflight.add(run);
      return run.finally(() => inflight.delete(run));
    }, { timezone: deps.timeZone });
    task.on('execution:missed', catchUpLate);
    return task;
  });

  return {
    runSlot,
    catchUp,
    nextFires: () => tasks.map((t) => t.getNextRun()).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime()),
    async stop() {
      stopped = true;
      abort.abort();
      for (const t of tasks) await t.destroy();
      await Promise.all(inflight);
    },
  };
}
